package docx

import (
	"encoding/xml"
	"strconv"

	"github.com/touming/touming/extract/sheet"
)

// docxTable is a w:tbl being read.
type docxTable struct {
	rows   []docxRow
	row    *docxRow
	cell   *docxCell
	nested bool // holds another table: a layout table, not a data table
}

// docxRow is a w:tr: its cells and the grid columns skipped before them.
type docxRow struct {
	before int
	cells  []docxCell
}

// docxCell is a w:tc with its merge properties.
type docxCell struct {
	id     int
	blocks []docxBlock
	span   int    // w:gridSpan
	vmerge string // w:vMerge: "", "restart" or "continue"
	hmerge string // w:hMerge (old Word): "", "restart" or "continue"
}

// start handles an opening element outside skipped ones.
func (p *docxParser) start(t xml.StartElement) {
	tb := p.table()
	switch t.Name.Local {
	case "t":
		p.inText = true
	case "tab", "ptab":
		p.para.WriteByte(' ')
	case "br", "cr":
		p.para.WriteByte('\n')
	case "noBreakHyphen":
		p.para.WriteByte('-')
	case "tbl":
		for _, open := range p.tables {
			open.nested = true
		}
		nt := &docxTable{}
		p.add(docxBlock{table: nt})
		p.tables = append(p.tables, nt)
	case "tr":
		if tb != nil {
			tb.row = &docxRow{}
		}
	case "tc":
		if tb != nil {
			p.ids++
			tb.cell = &docxCell{id: p.ids, span: 1}
		}
	case "gridBefore":
		if tb != nil && tb.row != nil {
			tb.row.before = attrInt(t, 0)
		}
	case "gridSpan", "vMerge", "hMerge":
		if tb != nil && tb.cell != nil {
			tb.cell.merge(t)
		}
	}
}

// end handles a closing element outside skipped ones.
func (p *docxParser) end(local string) {
	tb := p.table()
	switch local {
	case "t":
		p.inText = false
	case "p":
		p.add(docxBlock{para: p.para.String()})
		p.para.Reset()
	case "tc":
		if tb != nil && tb.cell != nil && tb.row != nil {
			tb.row.cells = append(tb.row.cells, *tb.cell)
		}
		if tb != nil {
			tb.cell = nil
		}
	case "tr":
		if tb != nil && tb.row != nil {
			tb.rows = append(tb.rows, *tb.row)
			tb.row = nil
		}
	case "tbl":
		if tb != nil {
			p.tables = p.tables[:len(p.tables)-1]
		}
	}
}

// merge reads w:gridSpan, w:vMerge or w:hMerge. A merge element without
// w:val continues the merge above (or to the left).
func (c *docxCell) merge(t xml.StartElement) {
	switch t.Name.Local {
	case "gridSpan":
		c.span = max(attrInt(t, 1), 1)
	case "vMerge":
		c.vmerge = attrVal(t, "continue")
	case "hMerge":
		c.hmerge = attrVal(t, "continue")
	}
}

// maxDocxSpan clamps w:gridSpan: a hostile value must not blow a row up.
const maxDocxSpan = 64

// expand lays the rows out on the table's grid: a spanned cell repeats its
// text and keeps its id in every position it covers; a vertically merged
// cell takes the text and id of the cell where the merge restarted.
func (t *docxTable) expand() [][]sheet.Pos {
	g := make([][]sheet.Pos, 0, len(t.rows))
	local := map[int]int{} // the parser's document-wide ids, numbered 1, 2, … in the table
	width := 0
	for ri, row := range t.rows {
		out := make([]sheet.Pos, row.before, row.before+len(row.cells))
		for _, c := range row.cells {
			id, ok := local[c.id]
			if !ok {
				id = len(local) + 1
				local[c.id] = id
			}
			pos := sheet.Pos{Text: c.text(), ID: id}
			col := len(out)
			switch {
			case c.vmerge == "continue" && ri > 0 && col < len(g[ri-1]) && g[ri-1][col].ID != 0:
				pos = g[ri-1][col]
			case c.hmerge == "continue" && col > 0:
				pos = out[col-1]
			}
			for range min(c.span, maxDocxSpan) {
				out = append(out, pos)
			}
		}
		width = max(width, len(out))
		g = append(g, out)
	}
	for i := range g {
		for len(g[i]) < width {
			g[i] = append(g[i], sheet.Pos{})
		}
	}
	return g
}

// text is a data cell's paragraphs, one per line.
func (c *docxCell) text() string {
	s := ""
	for i, b := range c.blocks {
		if i > 0 {
			s += "\n"
		}
		s += b.para
	}
	return s
}

// attrVal returns the w:val attribute, or def when there is none.
func attrVal(t xml.StartElement, def string) string {
	for _, a := range t.Attr {
		if a.Name.Local == "val" {
			return a.Value
		}
	}
	return def
}

// attrInt returns w:val as a number, or def.
func attrInt(t xml.StartElement, def int) int {
	n, err := strconv.Atoi(attrVal(t, ""))
	if err != nil || n < 0 || n > 1000 {
		return def
	}
	return n
}
