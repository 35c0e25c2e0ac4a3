package form

import (
	"slices"
	"strings"

	"github.com/touming/touming/extract/sheet"
)

// stackHeader adds a text line to the header read so far: a narrow column's
// label wraps over lines (本年新 / 制作数量), so a cell joins the cell above
// it that it overlaps, and a cell under none starts a column of its own.
// The table's anchor (第二十条第（一）项) starts a new header.
func stackHeader(block []piece, l line, specs []activeSpec) []piece {
	if strings.Contains(l.text(), "第二十条") {
		return nil
	}
	block = slices.Clone(block)
	for _, p := range l.printed() {
		for _, w := range splitWords(p, specs) {
			block = stackPiece(block, w)
		}
	}
	slices.SortFunc(block, func(a, b piece) int { return a.Col - b.Col })
	return block
}

// stackPiece joins p, printed below, to the first cell of block it
// overlaps, or appends it.
func stackPiece(block []piece, p piece) []piece {
	i, n := overlaps(block, p)
	if n == 0 {
		return append(block, p)
	}
	block[i] = stacked(block[i], p, block[i].ID)
	return block
}

// stackUnder puts w (from a line above) on top of the one cell it
// overlaps, or starts a column; a word over several cells heads a group,
// not a column, and is left out.
func stackUnder(block []piece, w piece) []piece {
	i, n := overlaps(block, w)
	switch n {
	case 0:
		return append(block, w)
	case 1:
		block[i] = stacked(w, block[i], block[i].ID)
	}
	return block
}

// overlaps returns the first cell of block that p overlaps in columns, and
// how many it overlaps.
func overlaps(block []piece, p piece) (first, n int) {
	first = -1
	for i, b := range block {
		if b.Col < p.End && p.Col < b.End {
			if n++; first < 0 {
				first = i
			}
		}
	}
	return first, n
}

// stacked is the cell top printed over bottom: their text joined, their
// columns merged.
func stacked(top, bottom piece, id int) piece {
	return mkPiece(top.Raw+bottom.Raw, min(top.Col, bottom.Col), max(top.End, bottom.End), id)
}

// stream reports whether a line was joined from lines of one cell each (one
// cell per line): its cells overlap, their columns tell nothing.
func stream(l line) bool {
	for i := 1; i < len(l.pieces); i++ {
		if l.pieces[i].Col < l.pieces[i-1].End {
			return true
		}
	}
	return false
}

// isColumn2 reports whether a header label names one of table 二's columns.
func isColumn2(key string, specs []activeSpec) bool {
	g := gramsOf(key)
	for _, sp := range specs {
		if cover(g, sp.colP) >= 0.6 {
			return true
		}
	}
	return false
}

// splitWords splits a text header cell that holds several column labels
// one space apart (narrow columns: 本年制发件数 本年废止件数 现行有效件数)
// (and 信息内容 before them) into one piece per label, each at its own
// column; any other cell is kept whole (a label with a space inside it).
func splitWords(p piece, specs []activeSpec) []piece {
	words := strings.Fields(p.Raw)
	if len(words) < 2 || p.End-p.Col != len([]rune(p.Raw)) {
		return []piece{p}
	}
	cols := 0
	for _, w := range words {
		switch k := sheet.LabelKey(w); {
		case isColumn2(k, specs):
			cols++
		case !strings.Contains(k, "信息内容"):
			return []piece{p}
		}
	}
	if cols == 0 {
		return []piece{p}
	}
	return wordsOf(p)
}
