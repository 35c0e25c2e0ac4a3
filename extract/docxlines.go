package extract

import (
	"strings"
	"unicode/utf8"
)

// tableWalker turns a document's blocks (DOCX) or its ruled tables and
// lines (PDF) into what the table reader takes,
// as the HTML walker does for a page: data tables as grid lines whose
// pieces keep their cell's id (so a value spanning columns stays one cell,
// unlike two equal neighbours), short paragraphs as heading lines, and all
// text as the body for the metadata. A table holding other tables is
// layout, not data: its cells are walked instead.
type tableWalker struct {
	lines []line
	grids []Grid
	body  strings.Builder
	title string // from the document properties
	ids   int    // ids for headings and holes, above every cell id
}

// walk hands blocks over in document order.
func (w *tableWalker) walk(blocks []docxBlock) {
	for _, b := range blocks {
		switch {
		case b.table == nil:
			w.para(b.para)
		case b.table.nested:
			w.layout(b.table)
		default:
			w.table(b.table)
		}
	}
}

// para keeps a paragraph in the body, and as a heading line when short.
func (w *tableWalker) para(s string) {
	t := squash(s)
	if t == "" {
		return
	}
	w.body.WriteString(t)
	w.body.WriteByte('\n')
	if utf8.RuneCountInString(t) <= maxHeading {
		w.ids++
		w.lines = append(w.lines, line{pieces: []piece{{raw: t, key: labelKey(t), end: 1, id: w.ids}}, grid: -1})
	}
}

// layout walks the cells of a layout table in reading order.
func (w *tableWalker) layout(t *docxTable) {
	for _, row := range t.rows {
		for _, c := range row.cells {
			if c.vmerge != "continue" {
				w.walk(c.blocks)
			}
		}
	}
}

// table adds a data table's rows as grid lines.
func (w *tableWalker) table(t *docxTable) { w.grid(t.expand()) }

// grid adds an expanded table's rows as grid lines.
func (w *tableWalker) grid(g [][]spanPos) {
	grid := make(Grid, len(g))
	for r, row := range g {
		l := line{row: r, grid: len(w.grids)}
		for c, pos := range row {
			grid[r] = append(grid[r], pos.text)
			if pos.id == 0 { // a hole in a ragged row: a blank of its own
				w.ids++
				pos.id = w.ids
			}
			l.pieces = append(l.pieces, piece{raw: squash(pos.text), key: labelKey(pos.text), pos: c, end: c + 1, id: pos.id})
			if r == 0 || pos.id != g[r-1][c].id {
				w.body.WriteString(squash(pos.text))
				w.body.WriteByte('\t')
			}
		}
		w.body.WriteByte('\n')
		if len(l.pieces) > 0 {
			w.lines = append(w.lines, l)
		}
	}
	w.grids = append(w.grids, grid)
}
