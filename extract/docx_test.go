package extract

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/docx"
	"github.com/touming/touming/extract/form"
	"github.com/touming/touming/extract/sheet"
)

// makeZip builds a zip archive of the named parts.
func makeZip(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// makeDOCX wraps body XML as a minimal .docx whose main part is not at the
// usual place, so that the package relationships must be followed.
func makeDOCX(t *testing.T, body string) []byte {
	return makeZip(t, map[string]string{
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>`,
		"word/document2.xml": `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
			`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`,
		"docProps/core.xml": `<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某县2024年政府信息公开工作年度报告</dc:title></cp:coreProperties>`,
	})
}

func p(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

func tc(props, content string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + content + `</w:tc>`
}

// What real Word files hold: gridSpan, vMerge restart/continue, gridBefore,
// runs in w:sdt, w:smartTag and w:hyperlink, tracked insertions and
// deletions, a text box's fallback copy, property blocks with text-like
// children, and a table nested in a layout table.
func TestDOCXFeatures(t *testing.T) {
	inner := `<w:tbl>` +
		`<w:tr>` + tc(`<w:gridSpan w:val="2"/>`, p("第二十条第（一）项")) + tc("", p("x")) + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge w:val="restart"/>`, `<w:p><w:smartTag><w:r><w:t>行政</w:t></w:r></w:smartTag><w:hyperlink><w:r><w:t>许可</w:t></w:r></w:hyperlink></w:p>`) +
		tc("", `<w:sdt><w:sdtContent>`+p("12")+`</w:sdtContent></w:sdt>`) +
		tc("", `<w:p><w:r><w:t>3</w:t></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:ins><w:r><w:t>4</w:t></w:r></w:ins></w:p>`) + `</w:tr>` +
		`<w:tr>` + tc(`<w:vMerge/>`, `<w:p/>`) + tc("", p("")) + tc("", p("0")) + `</w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc("", p("a")) + tc("", `<w:p><w:r><w:t>b</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>`) + `</w:tr>` +
		`</w:tbl>`
	body := p("标题前") +
		`<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>` + p("文本框") +
		`</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>` + p("文本框") +
		`</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		`<w:tbl><w:tr>` + tc("", p("布局")+inner) + `</w:tr></w:tbl>`
	d, err := docx.Read(makeDOCX(t, body))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Grids()) != 1 {
		t.Fatalf("%d grids, want the nested data table only", len(d.Grids()))
	}
	want := "第二十条第（一）项|第二十条第（一）项|x\n行政许可|12|34\n行政许可||0\n|a|b"
	if got := d.Grids()[0]; got != want {
		t.Errorf("grid:\n%s\nwant\n%s", got, want)
	}
	if strings.Count(d.Body, "文本框") != 1 || !strings.Contains(d.Body, "布局") {
		t.Errorf("body %q: the text box must come once, the layout cell's text must stay", d.Body)
	}
	if d.Title != "某县2024年政府信息公开工作年度报告" {
		t.Errorf("title %q", d.Title)
	}
}

// The id of a spanned value is one cell; two equal neighbours are two.
func TestDOCXSpannedValueIsOneCell(t *testing.T) {
	body := `<w:tbl><w:tr>` + tc("", p("行政许可")) + tc(`<w:gridSpan w:val="2"/>`, p("5")) + tc("", p("5")) + `</w:tr></w:tbl>`
	d, err := docx.Read(makeDOCX(t, body))
	if err != nil {
		t.Fatal(err)
	}
	var gridLine sheet.Line
	for _, l := range d.Lines {
		if l.Kind == sheet.KindGrid && l.Grid == 0 {
			gridLine = l
		}
	}
	ps := gridLine.Cells
	if len(ps) != 4 || ps[1].ID != ps[2].ID || ps[2].ID == ps[3].ID {
		t.Errorf("pieces %+v", ps)
	}
}

// A zip that holds no Word document is unsupported, not corrupt; an
// OpenDocument text would go to LibreOffice.
func TestDOCXOtherZips(t *testing.T) {
	x := New(Config{Soffice: "/nonexistent/soffice"})
	defer x.Close()
	xlsx := makeZip(t, map[string]string{"xl/workbook.xml": "<workbook/>"})
	_, err := x.Extract(Input{Name: "book.xlsx", Data: xlsx})
	if !errors.Is(err, touming.ErrUnsupported) || !strings.Contains(err.Error(), "book.xlsx") {
		t.Errorf("xlsx: %v", err)
	}
	odt := makeZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
	_, err = x.Extract(Input{Name: "report.odt", Data: odt})
	if !errors.Is(err, touming.ErrUnsupported) || !strings.Contains(err.Error(), "LibreOffice") {
		t.Errorf("odt without LibreOffice: %v", err)
	}
}

// seedAttachments adds the attachment test files with the extension.
func seedAttachments(f *testing.F, ext string) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "attachments", "*"+ext))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func FuzzDOCX(f *testing.F) {
	seedAttachments(f, ".docx")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := docx.Read(data)
		if errors.Is(err, docx.ErrNotWord) {
			return
		}
		var r *touming.Report
		if err == nil {
			r, err = form.Read(d)
		}
		checkFuzz(t, r, err)
	})
}

// FuzzPDF runs PDFium and the readers on damaged PDFs: any input gives a
// report or a reason, never a panic.
func FuzzPDF(f *testing.F) {
	seedAttachments(f, ".pdf")
	x := New(Config{})
	f.Cleanup(func() { x.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := x.Extract(Input{Name: "fuzz.pdf", Data: data})
		if errors.Is(err, touming.ErrNoTextLayer) || errors.Is(err, touming.ErrUnsupported) {
			return
		}
		checkFuzz(t, r, err)
	})
}
