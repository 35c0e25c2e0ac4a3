//go:build unix

package extract

import (
	"syscall"
	"testing"
)

// The PDF benchmarks read the two test PDFs (4 and 5 A4 pages of narrative
// and ruled tables) and report pages per second and the process's peak
// resident memory. Run one at a time for a meaningful peak:
//
//	go test ./extract -run '^$' -bench '^BenchmarkPDF' -cpu 1,2
var pdfBenchFiles = []string{"pingtan-2024.pdf", "shanghai-office-2019.pdf"}

// pdfBenchPages counts the pages of the benchmark PDFs.
func pdfBenchPages(b *testing.B, x *Extractor) (docs [][]byte, pages int) {
	for _, n := range pdfBenchFiles {
		data := attachment(b, n)
		ps, err := x.pdfPages(data)
		if err != nil {
			b.Fatal(err)
		}
		docs, pages = append(docs, data), pages+len(ps)
	}
	return docs, pages
}

// BenchmarkPDFExtract is the whole read: PDFium, layout, ruled tables,
// the table reader. Documents run in parallel over GOMAXPROCS instances.
func BenchmarkPDFExtract(b *testing.B) {
	x := New(Config{})
	defer x.Close()
	docs, pages := pdfBenchPages(b, x)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			d := docs[i%len(docs)]
			if _, err := x.Extract(Input{Name: "bench.pdf", Data: d}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportPDF(b, pages)
}

// BenchmarkPDFGlyphs is PDFium alone: open, read every glyph and rule.
func BenchmarkPDFGlyphs(b *testing.B) {
	x := New(Config{})
	defer x.Close()
	docs, pages := pdfBenchPages(b, x)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := x.pdfPages(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
	reportPDF(b, pages)
}

// BenchmarkPDFEngineStart is a new Extractor's first PDF: instantiating
// PDFium from wazero's compilation cache (warm, as on every run after the
// first on a machine).
func BenchmarkPDFEngineStart(b *testing.B) {
	data := attachment(b, pdfBenchFiles[0])
	for b.Loop() {
		x := New(Config{})
		if _, err := x.pdfPages(data); err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}

// reportPDF adds pages per second (per document set of pages averaged over
// the runs) and peak RSS.
func reportPDF(b *testing.B, pages int) {
	perDoc := float64(pages) / float64(len(pdfBenchFiles))
	b.ReportMetric(perDoc*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peakRSS-MB")
	}
}
