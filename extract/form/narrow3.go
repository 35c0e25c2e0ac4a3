package form

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Narrow text tables lose their blank cells, and no row fills every column
// to learn the columns from: the header's words place them instead, a page
// whose columns pdftotext spaced differently is brought onto the header's
// page, and the columns are then learnt again from the rows that fill most
// of them.

// headerCenters3 finds table 三's columns in a text header: its words
// stacked from the bottom line up by column (科研 over 机构), a word over
// several columns (法人或其他组织) left out. It returns nil unless every
// column of cols is found, left to right.
func headerCenters3(ls []line, cols []string) []float64 {
	return columnCenters(stackedHeader(ls), cols)
}

// stackedHeader stacks the words of a text header's lines from the bottom
// line up (see stackUnder).
func stackedHeader(ls []line) []piece {
	var hl []line
	for _, l := range ls {
		if l.hasNumber() {
			break
		}
		if l.grid == -1 && !stream(l) {
			hl = append(hl, l)
		}
	}
	var block []piece
	for i := len(hl) - 1; i >= 0; i-- {
		for _, p := range hl[i].printed() {
			for _, w := range wordsOf(p) {
				block = stackUnder(block, w)
			}
		}
	}
	return block
}

// plausible3 reports whether columns read from a header can be table 三's:
// every print of the form has 自然人 and 总计, and a header read without
// them lost its words.
func plausible3(cols []string) bool {
	return len(cols) >= 3 && slices.Contains(cols, "natural_person") && slices.Contains(cols, "total")
}

// stackedColumns3 reads table 三's columns from a text header whose labels
// wrap over lines (自然 / 人, 商业企 / 业): its words stacked by column,
// each stack named by match3 (小计 gives "-").
func stackedColumns3(ls []line) []string {
	block := stackedHeader(ls)
	slices.SortFunc(block, func(a, b piece) int { return a.Col - b.Col })
	var out []string
	for _, b := range block {
		if c := match3([]string{b.Key}); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// columnCenters names the stacked header cells and returns the centre of
// each of cols, or nil when one is missing or out of order.
func columnCenters(block []piece, cols []string) []float64 {
	slices.SortFunc(block, func(a, b piece) int { return a.Col - b.Col })
	out := make([]float64, 0, len(cols))
	for _, b := range block {
		if n := len(out); n < len(cols) && match3([]string{b.Key}) == cols[n] {
			out = append(out, b.center())
		}
	}
	if len(out) != len(cols) {
		return nil
	}
	return out
}

// wordsOf splits a text cell at its single spaces, each word at its column.
func wordsOf(p piece) []piece {
	words := strings.Fields(p.Raw)
	if len(words) < 2 || p.End-p.Col != utf8.RuneCountInString(p.Raw) {
		return []piece{p}
	}
	out := make([]piece, 0, len(words))
	pos := p.Col
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		out = append(out, mkPiece(w, pos, pos+n, pos+1))
		pos += n + 1
	}
	return out
}

// placeAt assigns values at centres xs to columns at centres cs, in order,
// with the least total distance (a monotone assignment by dynamic
// programming; a greedy nearest column can take the next value's column).
// It returns nil when there are more values than columns.
func placeAt(xs, cs []float64) []int {
	n, m := len(xs), len(cs)
	if n == 0 || n > m {
		return nil
	}
	cost, from := make([][]float64, n), make([][]int, n)
	for i := range n {
		cost[i], from[i] = make([]float64, m), make([]int, m)
		for j := range m {
			cost[i][j] = math.Inf(1)
			d := math.Abs(xs[i] - cs[j])
			if i == 0 {
				cost[i][j] = d
			}
			for k := 0; i > 0 && k < j; k++ {
				if c := cost[i-1][k] + d; c < cost[i][j] {
					cost[i][j], from[i][j] = c, k
				}
			}
		}
	}
	best := 0
	for j := range m {
		if cost[n-1][j] < cost[n-1][best] {
			best = j
		}
	}
	out := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		best = from[i][best]
	}
	return out
}
