//go:build unix

package pdf

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The glyph and start benchmarks read the extract package's two test PDFs
// (4 and 5 A4 pages); BenchmarkPDFExtract, the whole read, is in extract:
//
//	go test ./extract ./extract/pdf -run '^$' -bench '^BenchmarkPDF' -cpu 1,2
var benchFiles = []string{"pingtan-2024.pdf", "shanghai-office-2019.pdf"}

// benchDocs reads the benchmark PDFs and, given an engine, counts their pages.
func benchDocs(b *testing.B, e *Engine) (docs [][]byte, pages int) {
	for _, n := range benchFiles {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "attachments", n))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		if e != nil {
			ps, err := e.pages(data)
			if err != nil {
				b.Fatal(err)
			}
			pages += len(ps)
		}
	}
	return docs, pages
}

// BenchmarkPDFGlyphs is PDFium alone: open, read every glyph and rule.
func BenchmarkPDFGlyphs(b *testing.B) {
	var e Engine
	defer e.Close()
	docs, pages := benchDocs(b, &e)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.pages(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
	reportPages(b, pages, len(docs))
}

// BenchmarkPDFEngineStart is a new Engine's first PDF: instantiating
// PDFium from wazero's compilation cache (warm, as on every run after the
// first on a machine).
func BenchmarkPDFEngineStart(b *testing.B) {
	docs, _ := benchDocs(b, nil)
	for b.Loop() {
		var e Engine
		if _, err := e.pages(docs[0]); err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// reportPages adds pages per second (per document set of pages averaged
// over the runs) and peak RSS, as extract's reportPDF does.
func reportPages(b *testing.B, pages, docs int) {
	perDoc := float64(pages) / float64(docs)
	b.ReportMetric(perDoc*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peakRSS-MB")
	}
}
