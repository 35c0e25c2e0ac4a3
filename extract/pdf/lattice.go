package pdf

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/touming/touming/extract/internal/unionfind"
	"github.com/touming/touming/extract/sheet"
)

// The lattice reader finds tables by their ruling, as report tables are
// drawn: rules that cross form a table, their distinct positions its grid,
// and a missing stretch of rule between two grid cells a merged cell. Each
// glyph then goes to the cell under its centre. This keeps a wrapped label
// in one cell and a blank cell blank, which text layout cannot tell apart.

// pdfTol is how far apart, in points, two rules may be and still meet.
const pdfTol = 2.0

// pdfMinBand is the narrowest row or column, in points: rules closer than
// this are one line.
const pdfMinBand = 4.0

// pdfMaxRules: beyond this many rules a page is a drawing, not a table.
const pdfMaxRules = 3000

// pdfTable is one ruled table of a page.
type pdfTable struct {
	xs, ys []float64 // grid lines: xs left to right, ys top to bottom
	rules  []pdfRule
	cells  [][]int            // cell root (row*cols+col) of each position
	glyphs map[int][]pdfGlyph // glyphs by cell root
}

// pdfTables finds the ruled tables among a page's rules.
func pdfTables(rules []pdfRule) []*pdfTable {
	if len(rules) > pdfMaxRules {
		return nil
	}
	var out []*pdfTable
	for _, comp := range pdfRuleGroups(rules) {
		if t := pdfNewTable(comp); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// pdfRuleGroups splits rules into groups that touch (union-find).
func pdfRuleGroups(rules []pdfRule) [][]pdfRule {
	sets := unionfind.New(len(rules))
	find := sets.Find
	for i := range rules {
		for j := i + 1; j < len(rules); j++ {
			if pdfTouch(rules[i], rules[j]) {
				sets.Union(i, j)
			}
		}
	}
	groups := map[int][]pdfRule{}
	var order []int
	for i, r := range rules {
		root := find(i)
		if groups[root] == nil {
			order = append(order, root)
		}
		groups[root] = append(groups[root], r)
	}
	out := make([][]pdfRule, 0, len(order))
	for _, root := range order {
		out = append(out, groups[root])
	}
	return out
}

// pdfTouch tells whether two rules cross, meet or continue each other.
func pdfTouch(a, b pdfRule) bool {
	if a.horiz == b.horiz {
		return math.Abs(a.at-b.at) <= pdfTol && a.from <= b.to+pdfTol && b.from <= a.to+pdfTol
	}
	return b.at >= a.from-pdfTol && b.at <= a.to+pdfTol && a.at >= b.from-pdfTol && a.at <= b.to+pdfTol
}

// pdfNewTable lays a group of rules out as a grid, or returns nil when the
// group is not a table of at least two rows and two columns.
func pdfNewTable(rules []pdfRule) *pdfTable {
	rules = pdfCloseEdges(rules)
	var xs, ys []float64
	for _, r := range rules {
		if r.horiz {
			ys = append(ys, r.at)
		} else {
			xs = append(xs, r.at)
		}
	}
	xs, ys = pdfSnap(xs), pdfSnap(ys)
	slices.Reverse(ys)
	if len(xs) < 3 || len(ys) < 3 {
		return nil
	}
	t := &pdfTable{xs: xs, ys: ys, rules: rules, glyphs: map[int][]pdfGlyph{}}
	t.merge()
	return t
}

// pdfCloseEdges adds the outer edges a table's rules imply but do not
// draw: where a page break cut a table, the rows continued on the next
// page often have no rule above them, only the verticals.
func pdfCloseEdges(rules []pdfRule) []pdfRule {
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, r := range rules {
		if r.horiz {
			x0, x1 = min(x0, r.from), max(x1, r.to)
			y0, y1 = min(y0, r.at), max(y1, r.at)
		} else {
			x0, x1 = min(x0, r.at), max(x1, r.at)
			y0, y1 = min(y0, r.from), max(y1, r.to)
		}
	}
	var out []pdfRule
	hasTop, hasBottom := false, false
	for _, r := range rules {
		hasTop = hasTop || r.horiz && math.Abs(r.at-y1) <= pdfTol
		hasBottom = hasBottom || r.horiz && math.Abs(r.at-y0) <= pdfTol
	}
	if !hasTop {
		out = append(out, pdfRule{horiz: true, at: y1, from: x0, to: x1})
	}
	if !hasBottom {
		out = append(out, pdfRule{horiz: true, at: y0, from: x0, to: x1})
	}
	return append(out, rules...)
}

// pdfSnap sorts positions and merges those closer than pdfMinBand: no
// text fits between them, so they are one grid line drawn double (a
// double border, or a thin rectangle's two edges).
func pdfSnap(v []float64) []float64 {
	slices.Sort(v)
	var out []float64
	for _, x := range v {
		if len(out) == 0 || x-out[len(out)-1] >= pdfMinBand {
			out = append(out, x)
		}
	}
	return out
}

// merge joins neighbouring grid positions that no rule separates.
func (t *pdfTable) merge() {
	rows, cols := len(t.ys)-1, len(t.xs)-1
	parent := make([]int, rows*cols)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		parent[max(ra, rb)] = min(ra, rb) // the top-left position names the cell
	}
	for r := range rows {
		ym := (t.ys[r] + t.ys[r+1]) / 2
		for c := range cols {
			xm := (t.xs[c] + t.xs[c+1]) / 2
			if c+1 < cols && !t.ruled(false, t.xs[c+1], ym) {
				union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !t.ruled(true, t.ys[r+1], xm) {
				union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	t.cells = make([][]int, rows)
	for r := range rows {
		t.cells[r] = make([]int, cols)
		for c := range cols {
			t.cells[r][c] = find(r*cols + c)
		}
	}
}

// ruled tells whether a rule of the orientation lies at `at` across the
// point `along`.
func (t *pdfTable) ruled(horiz bool, at, along float64) bool {
	for _, r := range t.rules {
		if r.horiz == horiz && math.Abs(r.at-at) < pdfMinBand && r.from-pdfTol <= along && along <= r.to+pdfTol {
			return true
		}
	}
	return false
}

// take keeps g when its centre lies inside the table.
func (t *pdfTable) take(g pdfGlyph) bool {
	x, y := (g.left+g.right)/2, g.centerY()
	c, ok := pdfBand(t.xs, x, false)
	if !ok {
		return false
	}
	r, ok := pdfBand(t.ys, y, true)
	if !ok {
		return false
	}
	root := t.cells[r][c]
	t.glyphs[root] = append(t.glyphs[root], g)
	return true
}

// pdfBand finds the band of sorted grid lines holding v (descending when
// down, as ys run top to bottom).
func pdfBand(lines []float64, v float64, down bool) (int, bool) {
	for i := 0; i+1 < len(lines); i++ {
		lo, hi := lines[i], lines[i+1]
		if down {
			lo, hi = hi, lo
		}
		if v >= lo && v < hi {
			return i, true
		}
	}
	return 0, false
}

// expand gives the table's positions with their cells' text and ids (1,
// 2, … in the table).
func (t *pdfTable) expand() [][]sheet.Pos {
	seen := map[int]sheet.Pos{}
	g := make([][]sheet.Pos, len(t.cells))
	for r, row := range t.cells {
		for _, root := range row {
			p, ok := seen[root]
			if !ok {
				p = sheet.Pos{Text: pdfCellText(t.glyphs[root]), ID: len(seen) + 1}
				seen[root] = p
			}
			g[r] = append(g[r], p)
		}
	}
	return g
}

// pdfCellText lays out a cell's glyphs: its lines, words spaced.
func pdfCellText(gs []pdfGlyph) string {
	var b []string
	for _, l := range pdfGroupLines(gs) {
		var words []string
		for _, f := range pdfSplitFrags(l.glyphs) {
			words = append(words, string(f.text))
		}
		b = append(b, strings.Join(words, " "))
	}
	return strings.Join(b, "\n")
}

// top is the table's top edge, for ordering it among the page's lines.
func (t *pdfTable) top() float64 { return t.ys[0] }

// sortTables orders tables top to bottom.
func sortTables(ts []*pdfTable) {
	slices.SortFunc(ts, func(a, b *pdfTable) int { return cmp.Compare(b.top(), a.top()) })
}
