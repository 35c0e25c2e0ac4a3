package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

// benchPages reads the corpus HTML pages once.
func benchPages(b *testing.B, pattern string) [][]byte {
	paths, _ := filepath.Glob(filepath.Join(sharedDir(b), "corpus", pattern))
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	if len(out) == 0 {
		b.Fatalf("no corpus files match %s", pattern)
	}
	return out
}

func total(pages [][]byte) int64 {
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	return int64(n)
}

// BenchmarkExtractHTML is the whole extraction of the corpus pages: charset,
// parse, grids, tables, metadata and checks.
func BenchmarkExtractHTML(b *testing.B) {
	pages := benchPages(b, "*.html")
	x := New(Config{})
	b.SetBytes(total(pages))
	for b.Loop() {
		for _, p := range pages {
			if _, err := x.Extract(Input{Name: "bench.html", Data: p}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkBareParseHTML is golang.org/x/net/html's parse of the same bytes,
// the floor extraction is measured against.
func BenchmarkBareParseHTML(b *testing.B) {
	pages := benchPages(b, "*.html")
	b.SetBytes(total(pages))
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractText is the extraction of the corpus's pdftotext output.
func BenchmarkExtractText(b *testing.B) {
	pages := benchPages(b, "*.txt")
	x := New(Config{})
	b.SetBytes(total(pages))
	for b.Loop() {
		for _, p := range pages {
			if _, err := x.Extract(Input{Name: "bench.txt", Data: p}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
