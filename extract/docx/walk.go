package docx

import (
	"github.com/touming/touming/extract/sheet"
)

// tableWalker hands a document's blocks (DOCX) or its ruled tables and
// lines (PDF) to the sheet Builder in reading order, as the HTML walker
// does for a page. A table holding other tables is layout, not data: its
// cells are walked instead.
type tableWalker struct {
	b     sheet.Builder
	title string // from the document properties
}

// walk hands blocks over in document order.
func (w *tableWalker) walk(blocks []docxBlock) {
	for _, b := range blocks {
		switch {
		case b.table == nil:
			w.b.Para(b.para)
		case b.table.nested:
			w.layout(b.table)
		default:
			w.b.Grid(b.table.expand())
		}
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
