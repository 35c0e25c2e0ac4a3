package ocr

import (
	"context"
	"os"
	"testing"
)

// BenchmarkReadTable reads the picture of one table 三 (28 rows × 10
// columns, 207 cells with ink) at 96 and 200 dpi: the seconds per table
// page that docs/benchmarks.md records. Tesseract runs one thread per
// process (OMP_THREAD_LIMIT=1), three processes one after another.
func BenchmarkReadTable(b *testing.B) {
	t, err := FindTesseract("")
	if err != nil {
		b.Skip(err)
	}
	r := NewReader(t, 0)
	for _, name := range []string{"pingtan-96-2.png", "pingtan-200-rot-2.jpg"} {
		data, err := os.ReadFile("testdata/images/" + name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Read(context.Background(), name, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGrid is the image work alone (no Tesseract): straightening,
// rules, cells and crops.
func BenchmarkGrid(b *testing.B) {
	data, err := os.ReadFile("testdata/images/pingtan-200-rot-2.jpg")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		g, _ := decode(data)
		p, _, err := prepare(g)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range p.lat.cells() {
			if box := p.inkBox(s); !box.Empty() {
				p.render(box, s.box)
			}
		}
	}
}
