package html

import (
	"github.com/touming/touming/extract/sheet"
	nethtml "golang.org/x/net/html"
)

// Spans beyond these are malformed markup, not tables: clamp them so that a
// hostile rowspan=65534 cannot blow the grid up.
const (
	maxColspan = 64
	maxRowspan = 256
	maxWidth   = 512 // columns; no report table comes near
)

// expand lays out rows of <td> cells into a full grid, repeating a spanned
// cell's text and id in every position it covers; a hole in a ragged row
// keeps id 0.
func expand(rows [][]*nethtml.Node) [][]sheet.Pos {
	g := make([][]sheet.Pos, len(rows))
	ids := 0
	w := width(rows)
	for r := range g {
		g[r] = make([]sheet.Pos, 0, w)
	}
	for r, cells := range rows {
		c := 0
		for _, td := range cells {
			for c < len(g[r]) && g[r][c].ID > 0 {
				c++
			}
			if c >= maxWidth {
				break
			}
			ids++
			gc := sheet.Pos{Text: textOf(td), ID: ids}
			cs, rs := span(td, "colspan", maxColspan), span(td, "rowspan", maxRowspan)
			rs = min(rs, len(rows)-r)
			cs = min(cs, maxWidth-c)
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					place(&g, r+dr, c+dc, gc)
				}
			}
			c += cs
		}
	}
	return g
}

// width is the widest row's sum of colspans: the grid's usual width.
func width(rows [][]*nethtml.Node) int {
	w := 0
	for _, cells := range rows {
		n := 0
		for _, td := range cells {
			n += span(td, "colspan", maxColspan)
		}
		w = max(w, n)
	}
	return min(w, maxWidth)
}

// place puts gc at row r, column c, growing the grid as needed.
func place(g *[][]sheet.Pos, r, c int, gc sheet.Pos) {
	for len(*g) <= r {
		*g = append(*g, nil)
	}
	row := (*g)[r]
	for len(row) <= c {
		row = append(row, sheet.Pos{})
	}
	row[c] = gc
	(*g)[r] = row
}
