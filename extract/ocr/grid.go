package ocr

import (
	"errors"
	"image"

	"github.com/touming/touming/extract/internal/unionfind"
)

// errNoGrid: the image holds no ruled table (a photo, a chart, a logo).
var errNoGrid = errors.New("no ruled table found")

// lattice is a table's ruling lines and the masks they were found in.
type lattice struct {
	ys, xs []rule // horizontal rules top to bottom, vertical left to right
	h, v   *mask  // the line pixels
	th     int    // text height
}

// findLattice finds the rules of the table in m. Runs longer than about
// one and a half text heights are lines (no glyph stroke is that long); a
// row is a rule when such runs cover a good part of the table across it.
func findLattice(m *mask) (*lattice, error) {
	th := textHeight(m)
	lh := max(10, 2*th)
	h := runs(m, lh, false)
	// Rules a few pixels apart are one: a double border (cellspacing), or
	// antialiasing spread over two rows.
	gap := min(max(3, th/4), 8)
	ys := mergeRules(rules(h, max(3*lh, m.w/5), false), gap)
	if len(ys) < 2 {
		return nil, errNoGrid
	}
	// A vertical rule's run goes from one horizontal rule to the next at
	// least: longer than the lowest row's inside, which is taller than any
	// glyph stroke in it.
	lv := max(8, rowInside(ys, th)+1)
	v := runs(m, lv, true)
	xs := mergeRules(rules(v, lv, true), gap)
	if len(xs) < 2 {
		return nil, errNoGrid
	}
	return &lattice{ys: ys, xs: xs, h: h, v: v, th: th}, nil
}

// rowInside is the height inside the lowest row: the smallest gap between
// rules that is at least a text height (closer rules are a double line).
func rowInside(ys []rule, th int) int {
	gap := 0
	for i := 1; i < len(ys); i++ {
		if d := ys[i].from - ys[i-1].to - 1; d >= th && (gap == 0 || d < gap) {
			gap = d
		}
	}
	if gap == 0 {
		return th
	}
	return gap
}

// span is one cell of the grid: the rows and columns it covers (end
// exclusive) and its box in the image, inside the rules.
type span struct {
	r0, r1, c0, c1 int
	box            image.Rectangle
}

// cells finds the table's cells: neighbouring grid places are one merged
// cell where the rule between them is not drawn.
func (l *lattice) cells() []span {
	nr, nc := len(l.ys)-1, len(l.xs)-1
	sets := unionfind.New(nr * nc)
	find, union := sets.Find, sets.Union
	for r := range nr {
		for c := range nc {
			if c+1 < nc && !l.vDrawn(c+1, r) {
				union(r*nc+c, r*nc+c+1)
			}
			if r+1 < nr && !l.hDrawn(r+1, c) {
				union(r*nc+c, (r+1)*nc+c)
			}
		}
	}
	groups := map[int]*span{}
	var order []int
	for r := range nr {
		for c := range nc {
			g := find(r*nc + c)
			s, ok := groups[g]
			if !ok {
				s = &span{r0: r, r1: r + 1, c0: c, c1: c + 1}
				groups[g] = s
				order = append(order, g)
			}
			s.r0, s.r1 = min(s.r0, r), max(s.r1, r+1)
			s.c0, s.c1 = min(s.c0, c), max(s.c1, c+1)
		}
	}
	out := make([]span, 0, len(order))
	for _, g := range order {
		s := groups[g]
		s.box = image.Rect(l.xs[s.c0].to+1, l.ys[s.r0].to+1, l.xs[s.c1].from, l.ys[s.r1].from)
		out = append(out, *s)
	}
	return out
}

// vDrawn reports whether vertical rule c is drawn across row r: line
// pixels near its position on most of the row's height.
func (l *lattice) vDrawn(c, r int) bool {
	x0, x1 := l.xs[c].from-2, l.xs[c].to+2
	y0, y1 := l.ys[r].to+1, l.ys[r+1].from
	return covered(y0, y1, func(y int) bool {
		for x := x0; x <= x1; x++ {
			if l.v.at(x, y) {
				return true
			}
		}
		return false
	})
}

// hDrawn reports whether horizontal rule r is drawn across column c.
func (l *lattice) hDrawn(r, c int) bool {
	y0, y1 := l.ys[r].from-2, l.ys[r].to+2
	x0, x1 := l.xs[c].to+1, l.xs[c+1].from
	return covered(x0, x1, func(x int) bool {
		for y := y0; y <= y1; y++ {
			if l.h.at(x, y) {
				return true
			}
		}
		return false
	})
}

// covered reports whether on holds for at least 60 % of [a, b).
func covered(a, b int, on func(int) bool) bool {
	if b <= a {
		return true // rules touching: nothing between them to miss
	}
	n := 0
	for i := a; i < b; i++ {
		if on(i) {
			n++
		}
	}
	return n*10 >= (b-a)*6
}

// split cuts a picture's rules into its tables: a whole page screenshot or
// scan holds several, one above another, with a heading between them
// where no vertical rule runs. A row band is inside a table when at least
// two vertical rules are drawn across it; each run of such bands is a
// table, with the vertical rules drawn in it.
func (l *lattice) split() []*lattice {
	var out []*lattice
	start := -1
	flush := func(end int) { // bands [start, end)
		if start < 0 {
			return
		}
		if t := l.sub(start, end); t != nil {
			out = append(out, t)
		}
		start = -1
	}
	for b := 0; b+1 < len(l.ys); b++ {
		drawn := 0
		for c := range l.xs {
			if l.vDrawn(c, b) {
				drawn++
			}
		}
		switch {
		case drawn >= 2 && start < 0:
			start = b
		case drawn < 2:
			flush(b)
		}
	}
	flush(len(l.ys) - 1)
	return out
}

// sub is the table of row bands [b0, b1): its horizontal rules and the
// vertical ones drawn across at least one of its bands.
func (l *lattice) sub(b0, b1 int) *lattice {
	t := &lattice{ys: l.ys[b0 : b1+1], h: l.h, v: l.v, th: l.th}
	for c, x := range l.xs {
		for b := b0; b < b1; b++ {
			if l.vDrawn(c, b) {
				t.xs = append(t.xs, x)
				break
			}
		}
	}
	if len(t.xs) < 2 {
		return nil
	}
	return t
}
