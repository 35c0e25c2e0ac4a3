package html

import (
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestReaderGolden prints the Doc of every HTML input of extract's goldens
// into testdata/<name>.doc.txt (-update rewrites them): when a page reads
// wrong, a wrong Doc puts the bug here, a right one in the form.
func TestReaderGolden(t *testing.T) {
	golden.Docs(t, "../testdata/golden/*.html", func(t *testing.T, data []byte) string {
		doc, err := Read(data, "", "")
		if err != nil {
			t.Fatal(err)
		}
		return doc.Text()
	})
}

// Spans are expanded (a cell over two columns is one ID in both), holes
// are blanks of their own, and hostile spans are clamped.
func TestReadSpans(t *testing.T) {
	page := `<table><tr><td colspan=2>第二十条</td><td rowspan=99999>x</td></tr><tr><td>行政许可</td><td>5</td></tr><tr><td>a</td></tr></table>`
	doc, err := Read([]byte(page), "text/html; charset=utf-8", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Lines) != 3 {
		t.Fatalf("lines:\n%s", doc.Text())
	}
	r0, r1, r2 := doc.Lines[0].Cells, doc.Lines[1].Cells, doc.Lines[2].Cells
	if len(r0) != 3 || r0[0].ID != r0[1].ID || r1[2].Raw != "x" || len(r2) != 3 || r2[1].ID == r1[1].ID || r2[2].Raw != "x" {
		t.Errorf("grid:\n%s", doc.Text())
	}
}
