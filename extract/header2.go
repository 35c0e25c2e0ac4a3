package extract

import (
	"slices"
	"strings"
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
	slices.SortFunc(block, func(a, b piece) int { return a.pos - b.pos })
	return block
}

// stackPiece joins p to the first cell of block it overlaps, or appends it.
func stackPiece(block []piece, p piece) []piece {
	for i, b := range block {
		if b.pos < p.end && p.pos < b.end {
			block[i] = mkPiece(b.raw+p.raw, min(b.pos, p.pos), max(b.end, p.end), b.id)
			return block
		}
	}
	return append(block, p)
}

// stream reports whether a line was joined from lines of one cell each (one
// cell per line): its cells overlap, their columns tell nothing.
func stream(l line) bool {
	for i := 1; i < len(l.pieces); i++ {
		if l.pieces[i].pos < l.pieces[i-1].end {
			return true
		}
	}
	return false
}
