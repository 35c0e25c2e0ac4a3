package sampleportal

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"
	"time"
)

// docx returns the report as a Word document whose tables hold the values,
// merged cells as Word merges them (gridSpan, vMerge). The zip entries
// carry a fixed time so that the bytes, and so the content hash, are the
// same on every request.
func docx(r *Report) []byte {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	docxPara(&doc, r.Title, true)
	for _, bl := range reportBlocks(r) {
		if bl.table == nil {
			docxPara(&doc, bl.para, bl.bold)
			continue
		}
		docxTable(&doc, bl.table)
	}
	doc.WriteString(`<w:sectPr/></w:body></w:document>`)
	files := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", doc.String()},
	}
	return zipFiles(files)
}

func zipFiles(files [][2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: zip.Deflate, Modified: stamp})
		if err != nil {
			panic(err) // writing to a bytes.Buffer cannot fail
		}
		w.Write([]byte(f[1]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func docxPara(b *strings.Builder, text string, bold bool) {
	b.WriteString("<w:p><w:r>")
	if bold {
		b.WriteString("<w:rPr><w:b/></w:rPr>")
	}
	fmt.Fprintf(b, `<w:t xml:space="preserve">%s</w:t></w:r></w:p>`, html.EscapeString(text))
}

// docxTable prints a table of cells with row and column spans as Word
// does: a vertically merged cell is repeated in every row it covers, the
// first marked restart and the others continue.
func docxTable(b *strings.Builder, t [][]cellSpec) {
	width := 0
	for _, c := range t[0] {
		width += c.colspan
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single"/><w:left w:val="single"/><w:bottom w:val="single"/>` +
		`<w:right w:val="single"/><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders></w:tblPr><w:tblGrid>`)
	for range width {
		b.WriteString(`<w:gridCol w:w="600"/>`)
	}
	b.WriteString("</w:tblGrid>")
	type merge struct{ colspan, left int }
	pending := map[int]*merge{}
	for _, row := range t {
		b.WriteString("<w:tr>")
		col, ci := 0, 0
		for col < width {
			if m, ok := pending[col]; ok {
				docxCell(b, "", m.colspan, "continue")
				if m.left--; m.left == 0 {
					delete(pending, col)
				}
				col += m.colspan
				continue
			}
			if ci >= len(row) {
				break
			}
			c := row[ci]
			ci++
			vm := ""
			if c.rowspan > 1 {
				vm = "restart"
				pending[col] = &merge{c.colspan, c.rowspan - 1}
			}
			docxCell(b, c.text, c.colspan, vm)
			col += c.colspan
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

func docxCell(b *strings.Builder, text string, span int, vmerge string) {
	b.WriteString("<w:tc><w:tcPr>")
	if span > 1 {
		fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
	}
	switch vmerge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString("</w:tcPr><w:p>")
	if text != "" {
		fmt.Fprintf(b, "<w:r><w:t>%s</w:t></w:r>", html.EscapeString(text))
	}
	b.WriteString("</w:p></w:tc>")
}

// scanPDF returns a one-page PDF whose only content is an image, as a
// scanned report is: there is no text layer to read.
func scanPDF(r *Report) []byte {
	const side = 64
	pixels := bytes.Repeat([]byte{0xE0}, side*side)
	for i := 0; i < side; i += 4 { // a few dark lines, like a table's rules
		copy(pixels[i*side:(i+1)*side], bytes.Repeat([]byte{0x20}, side))
	}
	content := "q 595 0 0 842 0 0 cm /Im1 Do Q"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream", side, side, len(pixels), pixels),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		fmt.Sprintf("<< /Title (%d scan) /Producer (Scanner) >>", r.Year),
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}
