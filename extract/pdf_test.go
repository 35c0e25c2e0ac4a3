package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/pdf"
)

// attachment reads a file of testdata/attachments.
func attachment(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "attachments", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The attachments were made from the corpus HTML pages (see the README in
// testdata/attachments): each must give the values of the HTML it was made
// from, cell for cell, and those of the truth file.
var attachmentSources = map[string]string{
	"pingtan-2024.pdf":          "pingtan-2024",
	"pingtan-2024-chromium.pdf": "pingtan-2024", // another producer: Skia
	"pingtan-2024.docx":         "pingtan-2024",
	"pingtan-2024.doc":          "pingtan-2024",
	"shanghai-office-2019.pdf":  "shanghai-office-2019",
	"shanghai-office-2019.docx": "shanghai-office-2019",
	"shanghai-office-2019.doc":  "shanghai-office-2019",
	"shanghai-office-2019.odt":  "shanghai-office-2019",
}

func TestAttachmentsMatchHTML(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	corpus := filepath.Join(sharedDir(t), "corpus")
	for file, src := range attachmentSources {
		t.Run(file, func(t *testing.T) {
			if (strings.HasSuffix(file, ".doc") || strings.HasSuffix(file, ".odt")) && !haveSoffice() {
				t.Skip("LibreOffice is not installed: .doc and .odt cannot be converted here")
			}
			html, err := os.ReadFile(filepath.Join(corpus, src+".html"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := x.Extract(Input{Name: src + ".html", Data: html})
			if err != nil {
				t.Fatalf("the HTML itself: %v", err)
			}
			got, err := x.Extract(Input{Name: file, Data: attachment(t, file)})
			if err != nil {
				t.Fatal(err)
			}
			sameValues(t, got, want)
			for _, d := range compareTruth(t, got, filepath.Join(corpus, src+".truth.json")) {
				t.Error(d)
			}
		})
	}
}

// sameValues compares two reports' template, year and every value.
func sameValues(t *testing.T, got, want *touming.Report) {
	t.Helper()
	if got.Template != want.Template || got.Meta.Year != want.Meta.Year {
		t.Errorf("template %s year %d, want %s %d", got.Template, got.Meta.Year, want.Template, want.Meta.Year)
	}
	if len(got.Values) != len(want.Values) {
		t.Errorf("%d values, want %d", len(got.Values), len(want.Values))
	}
	for k, w := range want.Values {
		g, ok := got.Values[k]
		switch {
		case !ok:
			t.Errorf("%s missing", k)
		case (g == nil) != (w == nil) || g != nil && *g != *w:
			t.Errorf("%s = %s, the HTML has %s", k, fmtVal(g), fmtVal(w))
		}
	}
}

func fmtVal(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// TestPDFLinesMatchPdftotext checks the rebuilt page text against
// pdftotext -layout of the same file (made by make.sh): every non-blank
// line must hold the same words in the same order. Spacing may differ.
func TestPDFLinesMatchPdftotext(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	for _, stem := range []string{"pingtan-2024", "shanghai-office-2019"} {
		t.Run(stem, func(t *testing.T) {
			rd, err := x.pdf.Read(attachment(t, stem+".pdf"))
			if err != nil {
				t.Fatal(err)
			}
			got := wordLines(rd.Lines)
			want := wordLines(strings.Split(string(attachment(t, stem+".pdftotext.txt")), "\n"))
			if len(got) != len(want) {
				t.Errorf("%d non-blank lines, pdftotext has %d", len(got), len(want))
			}
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("line %d:\n got  %q\n want %q", i+1, got[i], want[i])
				}
			}
		})
	}
}

// wordLines folds each line's spacing and drops blank lines and form feeds.
func wordLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if w := strings.Fields(strings.ReplaceAll(l, "\f", "")); len(w) > 0 {
			out = append(out, strings.Join(w, " "))
		}
	}
	return out
}

func TestScannedPDFHasNoTextLayer(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	r, err := x.Extract(Input{Name: "scanned.pdf", Data: attachment(t, "scanned.pdf")})
	if !errors.Is(err, touming.ErrNoTextLayer) {
		t.Fatalf("got %v, %v; want ErrNoTextLayer", r, err)
	}
	if touming.StatusOf(err) != touming.StatusNoText || !strings.Contains(err.Error(), "scanned.pdf") {
		t.Errorf("status %s, error %q", touming.StatusOf(err), err)
	}
}

// Damaged files fail with ErrCorrupt naming the file, and the same
// Extractor goes on to read the next file.
func TestCorruptAttachments(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	files := []string{"truncated.pdf", "truncated.docx", "broken-xml.docx", "truncated.doc"}
	files = append(files, "not-a-pdf.pdf")
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data := []byte("%PDF-1.7\n garbage that is no PDF at all\n%%EOF\n")
			if name != "not-a-pdf.pdf" {
				data = attachment(t, name)
			}
			_, err := x.Extract(Input{Name: name, Data: data})
			want := touming.ErrCorrupt
			if name == "truncated.doc" && !haveSoffice() {
				want = touming.ErrUnsupported
			}
			if !errors.Is(err, want) || !strings.Contains(err.Error(), name) {
				t.Fatalf("got %v, want %v naming %s", err, want, name)
			}
			r, err := x.Extract(Input{Name: "pingtan-2024.docx", Data: attachment(t, "pingtan-2024.docx")})
			if err != nil || r.Meta.Year != 2024 {
				t.Fatalf("next file after %s: %v", name, err)
			}
		})
	}
}

// A PDF that needs a password is unsupported, with the reason.
func TestEncryptedPDF(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	_, err := x.Extract(Input{Name: "encrypted.pdf", Data: attachment(t, "encrypted.pdf")})
	if !errors.Is(err, touming.ErrUnsupported) || !strings.Contains(err.Error(), "password") {
		t.Fatalf("got %v, want ErrUnsupported saying password", err)
	}
}

// A PDF whose text pages hold no table while other pages are scans is kept
// as having no text layer (for OCR), not dismissed as no report.
func TestPartlyScannedPDF(t *testing.T) {
	_, err := pdfReport(pdf.Reading{Pages: 2, Blank: []int{2}, Lines: []string{"某县2024年政府信息公开工作年度报告"}})
	if !errors.Is(err, touming.ErrNoTextLayer) || !strings.Contains(err.Error(), "[2]") {
		t.Fatalf("got %v, want ErrNoTextLayer naming page 2", err)
	}
	_, err = pdfReport(pdf.Reading{Pages: 2, Blank: []int{1, 2}})
	if !errors.Is(err, touming.ErrNoTextLayer) {
		t.Fatalf("got %v, want ErrNoTextLayer", err)
	}
}
