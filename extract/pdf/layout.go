package pdf

import (
	"cmp"
	"slices"
	"strings"
)

// The layout rebuilds a page's text the way `pdftotext -layout` prints it:
// glyphs are grouped into lines by height and ordered by x; a line breaks
// into fragments where a gap is wide (a table's cell boundary); each
// fragment gets a column so that fragments overlapping in x line up across
// lines (poppler's pdfAssignColumns). One rune is one column. Vertical gaps
// between lines become blank lines, so a table row wrapped over several
// lines stays together while rows stay apart.

// Thresholds as fractions of the font's height (em).
const (
	pdfWordGap  = 0.15 // a gap wider than this is a space
	pdfFragGap  = 0.5  // a gap wider than this separates cells
	pdfMaxBlank = 4    // blank lines for a vertical gap, at most
)

// pdfLine is one line of glyphs, left to right.
type pdfLine struct {
	glyphs      []pdfGlyph
	top, bottom float64
	frags       []*pdfFrag
}

// pdfFrag is a run of a line's glyphs without a wide gap: one cell's text.
type pdfFrag struct {
	text []rune // with word spaces
	// mids holds the x centre of each rune of text; a space's centre is
	// that of its gap.
	mids []float64
	xMin float64
	xMax float64
	col  int
}

// pdfLayoutPage rebuilds the text of one page as lines.
func pdfLayoutPage(pg pdfPage) []string {
	lines := pdfGroupLines(pg.glyphs)
	var frags []*pdfFrag
	for _, l := range lines {
		l.frags = pdfSplitFrags(l.glyphs)
		frags = append(frags, l.frags...)
	}
	pdfAssignColumns(frags)
	return pdfRender(lines)
}

// height and centerY place a glyph (its loose box) vertically.
func (g pdfGlyph) height() float64  { return g.top - g.bottom }
func (g pdfGlyph) centerY() float64 { return (g.top + g.bottom) / 2 }

// pdfGroupLines gathers glyphs into lines, top to bottom. Glyphs first form
// runs in content-stream order (a run keeps a punctuation mark of a
// fallback font with its neighbours although its box sits a little lower);
// runs whose vertical centres lie within half a font height of a line's
// first run join that line.
func pdfGroupLines(gs []pdfGlyph) []*pdfLine {
	runs := pdfRuns(gs)
	slices.SortStableFunc(runs, func(a, b *pdfLine) int { return cmp.Compare(b.centerY(), a.centerY()) })
	var lines []*pdfLine
	var cur *pdfLine
	var anchor, h float64
	for _, r := range runs {
		if cur == nil || anchor-r.centerY() >= 0.5*min(h, r.height()) {
			cur = &pdfLine{top: r.top, bottom: r.bottom}
			lines = append(lines, cur)
			anchor, h = r.centerY(), r.height()
		}
		cur.glyphs = append(cur.glyphs, r.glyphs...)
		cur.top, cur.bottom = max(cur.top, r.top), min(cur.bottom, r.bottom)
	}
	for _, l := range lines {
		slices.SortStableFunc(l.glyphs, func(a, b pdfGlyph) int { return cmp.Compare(a.left, b.left) })
		l.glyphs = pdfDedupe(l.glyphs)
	}
	return lines
}

// pdfRuns cuts glyphs, in content-stream order, into runs that go on to
// the right on one baseline without a wide gap.
func pdfRuns(gs []pdfGlyph) []*pdfLine {
	var runs []*pdfLine
	var cur *pdfLine
	for i, g := range gs {
		if i == 0 || !pdfContinues(gs[i-1], g) {
			cur = &pdfLine{top: g.top, bottom: g.bottom}
			runs = append(runs, cur)
		}
		cur.glyphs = append(cur.glyphs, g)
		cur.top, cur.bottom = max(cur.top, g.top), min(cur.bottom, g.bottom)
	}
	return runs
}

// pdfContinues tells whether g follows p on the same line of one run.
func pdfContinues(p, g pdfGlyph) bool {
	em := max(p.height(), g.height())
	dy := p.centerY() - g.centerY()
	dx := g.left - p.right
	return dy < 0.3*em && dy > -0.3*em && dx > -0.5*em && dx < pdfFragGap*em
}

// height and centerY place a line (its glyphs' band) vertically.
func (l *pdfLine) height() float64  { return l.top - l.bottom }
func (l *pdfLine) centerY() float64 { return (l.top + l.bottom) / 2 }

// pdfDedupe drops a pdfGlyph printed again over itself, slightly shifted: the
// usual fake bold of Chinese headings, which would otherwise read 总总计计.
func pdfDedupe(gs []pdfGlyph) []pdfGlyph {
	out := gs[:0]
	for _, g := range gs {
		if n := len(out); n > 0 {
			p := out[n-1]
			if p.r == g.r && g.left-p.left < 0.3*(p.right-p.left) {
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// pdfSplitFrags cuts a line at wide gaps and spaces its words.
func pdfSplitFrags(gs []pdfGlyph) []*pdfFrag {
	var out []*pdfFrag
	var f *pdfFrag
	for i, g := range gs {
		em := g.height()
		gap := 0.0
		if i > 0 {
			em = max(em, gs[i-1].height())
			gap = g.left - gs[i-1].right
		}
		switch {
		case f == nil || gap > pdfFragGap*em:
			f = &pdfFrag{xMin: g.left}
			out = append(out, f)
		case gap > pdfWordGap*em || g.sp:
			f.text = append(f.text, ' ')
			f.mids = append(f.mids, (gs[i-1].right+g.left)/2)
		}
		f.text = append(f.text, g.r)
		f.mids = append(f.mids, (g.left+g.right)/2)
		f.xMax = max(f.xMax, g.right)
	}
	return out
}

// pdfAssignColumns gives each fragment the leftmost column that keeps it
// right of every fragment that ends before it starts, and under the rune
// of any fragment it starts inside.
func pdfAssignColumns(frags []*pdfFrag) {
	sorted := slices.Clone(frags)
	slices.SortStableFunc(sorted, func(a, b *pdfFrag) int { return cmp.Compare(a.xMin, b.xMin) })
	for i, f := range sorted {
		col := 0
		for _, g := range sorted[:i] {
			col = max(col, g.columnAt(f.xMin))
		}
		f.col = col
	}
}

// columnAt is the column at which text starting at x must go, given f.
func (f *pdfFrag) columnAt(x float64) int {
	if x >= f.xMax {
		return f.col + len(f.text) + 2
	}
	// Text starting past the middle of a rune goes after it.
	k := 0
	for k < len(f.mids) && x >= f.mids[k] {
		k++
	}
	return f.col + k
}

// pdfRender prints lines with their fragments at their columns, and blank
// lines for wide vertical gaps.
func pdfRender(lines []*pdfLine) []string {
	var out []string
	for i, l := range lines {
		if i > 0 {
			for range pdfBlankLines(lines[i-1], l) {
				out = append(out, "")
			}
		}
		var b []rune
		for _, f := range l.frags {
			for len(b) < f.col {
				b = append(b, ' ')
			}
			b = append(b, f.text...)
		}
		out = append(out, strings.TrimRight(string(b), " "))
	}
	return out
}

// pdfBlankLines is how many blank lines stand for the gap between two
// lines: as in pdftotext, one per font height of clear space, at most
// pdfMaxBlank; ordinary line spacing gives none.
func pdfBlankLines(above, below *pdfLine) int {
	em := above.height()
	gap := above.bottom - below.top
	if em <= 0 || gap <= 0 {
		return 0
	}
	return min(int(gap/em), pdfMaxBlank)
}
