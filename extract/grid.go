package extract

import (
	"strings"

	"github.com/touming/touming"
	"golang.org/x/net/html"
)

// gcell is one position of an expanded grid: the text of the cell that
// covers it, and that cell's id (shared by every position it spans).
type gcell struct {
	raw, key string
	id       int
	val      parsed
}

// Spans beyond these are malformed markup, not tables: clamp them so that a
// hostile rowspan=65534 cannot blow the grid up.
const (
	maxColspan = 64
	maxRowspan = 256
	maxWidth   = 512 // columns; no report table comes near
)

// expand lays out rows of <td> cells into a full grid, repeating a spanned
// cell's text in every position it covers.
func expand(rows [][]*html.Node, ids *int) [][]gcell {
	g := make([][]gcell, len(rows))
	w := width(rows)
	for r := range g {
		g[r] = make([]gcell, 0, w)
	}
	for r, cells := range rows {
		c := 0
		for _, td := range cells {
			for c < len(g[r]) && g[r][c].id > 0 {
				c++
			}
			if c >= maxWidth {
				break
			}
			*ids++
			gc := readCell(textOf(td), *ids)
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
	fillHoles(g)
	return g
}

// readCell reads a cell's text once: most cells are plain numbers, which
// need neither folding nor a label key.
func readCell(t string, id int) gcell {
	n := strings.TrimFunc(t, isSpace)
	if v, ok := plainInt(n); ok {
		p := parsed{class: touming.ClassNumber, value: v}
		if v == 0 {
			p.class = touming.ClassZero
		}
		return gcell{raw: n, id: id, val: p}
	}
	return gcell{raw: squash(t), key: labelKey(t), id: id, val: parseValue(t)}
}

// width is the widest row's sum of colspans: the grid's usual width.
func width(rows [][]*html.Node) int {
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
func place(g *[][]gcell, r, c int, gc gcell) {
	for len(*g) <= r {
		*g = append(*g, nil)
	}
	row := (*g)[r]
	for len(row) <= c {
		row = append(row, gcell{id: -1})
	}
	row[c] = gc
	(*g)[r] = row
}

// fillHoles gives the empty positions of ragged rows an id of their own so
// that they never merge with a neighbour.
func fillHoles(g [][]gcell) {
	next := -2
	for _, row := range g {
		for c := range row {
			if row[c].id == -1 {
				row[c].id = next
				next--
			}
		}
	}
}
