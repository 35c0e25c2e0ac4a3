package sampleportal

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/weihui-2020.html (then run testdata/make.sh)")

// TestPrintedPDFMatchesThePortal: the embedded PDF was printed from
// testdata/weihui-2020.html; that page must be what the portal generates
// for the report today, or the PDF's numbers are not the truth's. After a
// change to the generator: go test ./sampleportal -update, then
// (cd sampleportal/testdata && bash make.sh).
func TestPrintedPDFMatchesThePortal(t *testing.T) {
	s := New(Options{}).Sites()[5]
	r := s.mainReport(2020)
	if r.Form != FormPDF || r.Values == nil {
		t.Fatalf("卫辉市 2020 is %s", r.Form)
	}
	got := []byte(pdfSource(r))
	if *update {
		if err := os.WriteFile("testdata/weihui-2020.html", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/weihui-2020.html")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("testdata/weihui-2020.html is stale: run go test ./sampleportal -update, then testdata/make.sh")
	}
	if !bytes.HasPrefix(printedPDF, []byte("%PDF-")) {
		t.Errorf("testdata/weihui-2020.pdf is not a PDF")
	}
}
