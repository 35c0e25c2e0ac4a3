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
//	go test ./extract ./extract/pdf -run '^$' -bench '^BenchmarkPDF' -cpu 1,2
//
// (BenchmarkPDFGlyphs and BenchmarkPDFEngineStart are in extract/pdf.)
var pdfBenchFiles = []string{"pingtan-2024.pdf", "shanghai-office-2019.pdf"}

// pdfBenchPages counts the pages of the benchmark PDFs.
func pdfBenchPages(b *testing.B, x *Extractor) (docs [][]byte, pages int) {
	for _, n := range pdfBenchFiles {
		data := attachment(b, n)
		rd, err := x.pdf.Read(data)
		if err != nil {
			b.Fatal(err)
		}
		docs, pages = append(docs, data), pages+rd.Pages
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
