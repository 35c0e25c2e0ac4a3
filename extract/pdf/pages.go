package pdf

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/touming/touming/extract/sheet"
)

// The page level of the ruled-table reader: each page's tables and the
// text around them, tables that a page break cut joined again, and the
// whole handed to the table walker in reading order.

// pdfLattice reads the pages' ruled tables as grids, with the lines of
// text around them as headings and body, in page order. ok is false when
// no page has a ruled table.
func pdfLattice(pages []pdfPage) (doc sheet.Doc, ok bool) {
	laid := make([]pdfLaid, len(pages))
	for i, pg := range pages {
		laid[i] = pdfLay(pg)
		ok = ok || len(laid[i].tables) > 0
	}
	pdfJoinPages(laid)
	var b sheet.Builder
	for _, l := range laid {
		pdfWalkPage(&b, l.tables, l.lines)
	}
	return b.Doc(sheet.TitleOf("", b.BodyText())), ok
}

// pdfJoinPages joins the tables that page breaks cut, over as many pages
// as a table runs: each piece goes under the table it continues, which
// lives on the page where that table began.
func pdfJoinPages(laid []pdfLaid) {
	cont := make([]bool, len(laid))
	for i := 1; i < len(laid); i++ {
		cont[i] = pdfTableContinues(&laid[i-1], &laid[i]) // decided on the pages as printed
	}
	owner := -1 // the page holding the table the next page may continue
	for i := range laid {
		if cont[i] && owner >= 0 {
			o := laid[owner].tables
			o[len(o)-1] = pdfJoin(o[len(o)-1], laid[i].tables[0])
			laid[i].tables = laid[i].tables[1:]
		}
		if len(laid[i].tables) > 0 {
			owner = i
		}
	}
}

// pdfLaid is a page split into its ruled tables and its other lines.
type pdfLaid struct {
	tables []*pdfTable
	lines  []*pdfLine
}

// pdfLay finds a page's tables and gives each its glyphs.
func pdfLay(pg pdfPage) pdfLaid {
	tables := pdfTables(pg.rules)
	sortTables(tables)
	var free []pdfGlyph
	for _, g := range pg.glyphs {
		if !slices.ContainsFunc(tables, func(t *pdfTable) bool { return t.take(g) }) {
			free = append(free, g)
		}
	}
	return pdfLaid{tables: tables, lines: pdfGroupLines(free)}
}

// pdfTableContinues tells whether the first table on cur continues the last on
// prev: the last thing on the one page and the first on the next (page
// numbers and running heads aside), as wide as each other.
func pdfTableContinues(prev, cur *pdfLaid) bool {
	if len(prev.tables) == 0 || len(cur.tables) == 0 {
		return false
	}
	a, b := prev.tables[len(prev.tables)-1], cur.tables[0]
	ax, bx := a.xs, b.xs
	if math.Abs(ax[0]-bx[0]) > 3*pdfTol || math.Abs(ax[len(ax)-1]-bx[len(bx)-1]) > 3*pdfTol {
		return false
	}
	for _, l := range prev.lines {
		if l.top < a.ys[len(a.ys)-1] && len(l.glyphs) > 12 {
			return false
		}
	}
	for _, l := range cur.lines {
		if l.bottom > b.top() && len(l.glyphs) > 12 {
			return false
		}
	}
	return true
}

// pdfJoin stacks table b under table a as one table.
func pdfJoin(a, b *pdfTable) *pdfTable {
	dy := a.ys[len(a.ys)-1] - b.top()
	rules := slices.Clone(a.rules)
	for _, r := range b.rules {
		if r.horiz {
			r.at += dy
		} else {
			r.from, r.to = r.from+dy, r.to+dy
		}
		rules = append(rules, r)
	}
	t := pdfNewTable(rules)
	// Cells in order, glyphs in content-stream order within each: the
	// line reader's runs depend on that order.
	for _, root := range slices.Sorted(maps.Keys(a.glyphs)) {
		for _, g := range a.glyphs[root] {
			t.take(g)
		}
	}
	for _, root := range slices.Sorted(maps.Keys(b.glyphs)) {
		for _, g := range b.glyphs[root] {
			g.top, g.bottom = g.top+dy, g.bottom+dy
			t.take(g)
		}
	}
	return t
}

// pdfWalkPage walks a page's text lines and tables from top to bottom. Lines
// of running text are joined back into paragraphs, as the HTML and DOCX
// readers see them: a wrapped line must not pass for a heading or title.
func pdfWalkPage(b *sheet.Builder, tables []*pdfTable, lines []*pdfLine) {
	right := 0.0
	for _, l := range lines {
		right = max(right, l.glyphs[len(l.glyphs)-1].right)
	}
	ti := 0
	var para strings.Builder
	for i, l := range lines {
		for ti < len(tables) && tables[ti].top() >= l.top {
			flushPara(b, &para)
			b.Grid(tables[ti].expand())
			ti++
		}
		para.WriteString(pdfCellText(l.glyphs))
		if i+1 == len(lines) || !pdfWraps(l, lines[i+1], right) {
			flushPara(b, &para)
		}
	}
	flushPara(b, &para)
	for ; ti < len(tables); ti++ {
		b.Grid(tables[ti].expand())
	}
}

// flushPara hands a gathered paragraph to the Builder.
func flushPara(b *sheet.Builder, para *strings.Builder) {
	if para.Len() > 0 {
		b.Para(para.String())
		para.Reset()
	}
}

// pdfWraps tells whether line a runs on into line b: a reaches the right
// margin and b follows at ordinary line spacing.
func pdfWraps(a, b *pdfLine, right float64) bool {
	em := a.height()
	end := a.glyphs[len(a.glyphs)-1].right
	return end >= right-2*em && a.bottom-b.top < em
}
