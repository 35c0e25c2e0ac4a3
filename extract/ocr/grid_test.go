package ocr

import (
	"math"
	"os"
	"testing"
)

func load(t *testing.T, name string) *gray {
	t.Helper()
	b, err := os.ReadFile("testdata/images/" + name)
	if err != nil {
		t.Fatal(err)
	}
	g, err := decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGridFromRules finds table 三 of the Pingtan render: 3 header rows
// and 25 rows of the form, 10 columns, and the merged cells of its labels.
func TestGridFromRules(t *testing.T) {
	for _, name := range []string{"pingtan-96-2.png", "pingtan-200-rot-2.jpg"} {
		p, _, err := prepare(load(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if r, c := len(p.lat.ys)-1, len(p.lat.xs)-1; r != 28 || c != 10 {
			t.Fatalf("%s: %d rows × %d columns, want 28 × 10", name, r, c)
		}
		found := false
		for _, s := range p.lat.cells() {
			// 三、本年度办理结果 spans the 22 rows of the outcomes
			if s.c0 == 0 && s.r0 == 5 {
				found = s.r1-s.r0 == 22 && s.c1 == 1
			}
		}
		if !found {
			t.Errorf("%s: no 22-row cell at row 5, column 0", name)
		}
	}
}

// TestSkew measures the lean of the rotated render (0.7°) and of a
// straight one.
func TestSkew(t *testing.T) {
	for name, want := range map[string]float64{"pingtan-200-rot-3.jpg": 0.7, "pingtan-96-3.png": 0} {
		g := load(t, name)
		got := skewAngle(binarize(g, otsu(g)))
		if math.Abs(got-want) > 0.11 {
			t.Errorf("%s: skew %.2f°, want %.2f°", name, got, want)
		}
	}
}

// TestDoubleBorder: a table whose cells have borders of their own
// (cellspacing) has its rules in pairs; each pair is one rule.
func TestDoubleBorder(t *testing.T) {
	p, _, err := prepare(load(t, "shanghai-150-3.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(p.lat.xs); i++ {
		if d := p.lat.xs[i].pos - p.lat.xs[i-1].pos; d < p.lat.th {
			t.Errorf("vertical rules %d and %d only %d px apart", i-1, i, d)
		}
	}
}

func TestNoGrid(t *testing.T) {
	g := &gray{w: 300, h: 200, pix: make([]uint8, 300*200)}
	for i := range g.pix {
		g.pix[i] = 250
	}
	for x := 40; x < 60; x++ { // a blot, no rules
		for y := 40; y < 60; y++ {
			g.pix[y*g.w+x] = 10
		}
	}
	if _, _, err := prepare(g); err != errNoGrid {
		t.Errorf("got %v, want errNoGrid", err)
	}
	if _, err := decode([]byte("not an image")); err == nil {
		t.Error("decode of text: no error")
	}
}

// TestSplitTables: a picture of a whole page (the three tables one above
// another, white between them) is cut into its three tables, each with the
// grid it has alone.
func TestSplitTables(t *testing.T) {
	var parts []*gray
	w, h := 0, 0
	for _, n := range []string{"pingtan-96-1.png", "pingtan-96-2.png", "pingtan-96-3.png"} {
		g := load(t, n)
		parts = append(parts, g)
		w, h = max(w, g.w), h+g.h+40
	}
	page := &gray{w: w, h: h, pix: make([]uint8, w*h)}
	for i := range page.pix {
		page.pix[i] = 255
	}
	y := 0
	var want [][2]int
	for _, g := range parts {
		for r := range g.h {
			copy(page.pix[(y+r)*w:], g.pix[r*g.w:(r+1)*g.w])
		}
		y += g.h + 40
		p, _, err := prepare(g)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, [2]int{len(p.lat.ys) - 1, len(p.lat.xs) - 1})
	}
	p, _, err := prepare(page)
	if err != nil {
		t.Fatal(err)
	}
	ls := p.lat.split()
	if len(ls) != 3 {
		t.Fatalf("%d tables, want 3", len(ls))
	}
	for i, l := range ls {
		if got := [2]int{len(l.ys) - 1, len(l.xs) - 1}; got != want[i] {
			t.Errorf("table %d: %v rows × columns, want %v", i, got, want[i])
		}
	}
}
