package extract

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// docxTable is a w:tbl being read.
type docxTable struct {
	slot int // its index in the parser's grids: tables keep document order
	rows []docxRow
	row  *docxRow
	cell *docxCell
}

// docxRow is a w:tr: its cells and the grid columns skipped before them.
type docxRow struct {
	before int
	cells  []docxCell
}

// docxCell is a w:tc with its merge properties.
type docxCell struct {
	paras  []string
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
		p.tables = append(p.tables, &docxTable{slot: len(p.grids)})
		p.grids = append(p.grids, nil)
	case "tr":
		if tb != nil {
			tb.row = &docxRow{}
		}
	case "tc":
		if tb != nil {
			tb.cell = &docxCell{span: 1}
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
		s := p.para.String()
		p.para.Reset()
		p.text.WriteString(s)
		p.text.WriteByte('\n')
		if tb != nil && tb.cell != nil {
			tb.cell.paras = append(tb.cell.paras, s)
		}
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
			p.grids[tb.slot] = tb.grid()
			p.tables = p.tables[:len(p.tables)-1]
		}
	}
}

// table is the innermost open table, or nil.
func (p *docxParser) table() *docxTable {
	if len(p.tables) == 0 {
		return nil
	}
	return p.tables[len(p.tables)-1]
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

// grid expands the table's spans: a cell spanning columns repeats its text
// in each, and a vertically merged cell repeats the text of the cell where
// the merge restarted.
func (t *docxTable) grid() Grid {
	g := make(Grid, 0, len(t.rows))
	width := 0
	for ri, row := range t.rows {
		out := make([]string, row.before, row.before+len(row.cells))
		for _, c := range row.cells {
			text := strings.Join(c.paras, "\n")
			col := len(out)
			switch {
			case c.vmerge == "continue" && ri > 0 && col < len(g[ri-1]):
				text = g[ri-1][col]
			case c.hmerge == "continue" && col > 0:
				text = out[col-1]
			}
			for range c.span {
				out = append(out, text)
			}
		}
		width = max(width, len(out))
		g = append(g, out)
	}
	for i := range g {
		for len(g[i]) < width {
			g[i] = append(g[i], "")
		}
	}
	return g
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
