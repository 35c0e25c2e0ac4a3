package form

import (
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"
)

// piece is one printed cell of a table as read (see sheet.Cell), with the
// centre a text page's calibration may give it.
type piece struct {
	sheet.Cell
	// x, when moved, is the centre a text page's calibration gave it (see
	// calibrate); Col and End stay as printed.
	x     float64
	moved bool
}

// value is the piece read as a value: read by the reader, else now
// (pieces the form builds from others).
func (p piece) value() sheet.Value {
	if p.Value.Class == "" {
		return sheet.Parse(p.Raw)
	}
	return p.Value
}

// mkPiece makes a piece of raw text covering columns [a, b).
func mkPiece(raw string, a, b, id int) piece { return piece{Cell: sheet.NewCell(raw, a, b, id)} }

// isValue reports whether the piece reads as a number or a dash.
func (p piece) isValue() bool { return p.value().IsValue() }

// isNumber reports whether the piece reads as a number (0 included).
func (p piece) isNumber() bool {
	c := p.value().Class
	return c == touming.ClassNumber || c == touming.ClassZero
}

func (p piece) center() float64 {
	if p.moved {
		return p.x
	}
	return float64(p.Col+p.End) / 2
}

// line is one line of a sheet.Doc as the form reads it.
type line struct {
	pieces []piece
	row    int // row in its grid, or line number in the text
	grid   int // index of the grid it comes from; -1 for text split at spaces (and headings), -2 for tab- or |-separated text
	page   int // page of a text line (form feeds counted): columns shift between pdftotext pages
}

// linesOf takes a Doc's lines into the form's, the cells of all in one
// allocation.
func linesOf(ls []sheet.Line) []line {
	n := 0
	for _, l := range ls {
		n += len(l.Cells)
	}
	all := make([]piece, n)
	out := make([]line, len(ls))
	i := 0
	for k, l := range ls {
		ps := all[i : i+len(l.Cells) : i+len(l.Cells)]
		for j, c := range l.Cells {
			ps[j].Cell = c
		}
		i += len(l.Cells)
		g := l.Grid
		switch l.Kind {
		case sheet.KindHeading, sheet.KindSpaced:
			g = -1
		case sheet.KindDelimited:
			g = -2
		}
		out[k] = line{pieces: ps, row: l.Row, grid: g, page: l.Page}
	}
	return out
}

// text returns the line's label key: the pieces' keys joined.
func (l line) text() string {
	var b strings.Builder
	for i, p := range l.pieces {
		if i > 0 && p.ID == l.pieces[i-1].ID {
			continue
		}
		b.WriteString(p.Key)
	}
	return b.String()
}

// printed returns the pieces once each, merging the positions a spanned
// grid cell covers.
func (l line) printed() []piece {
	out := make([]piece, 0, len(l.pieces))
	for _, p := range l.pieces {
		if n := len(out); n > 0 && out[n-1].ID == p.ID {
			out[n-1].End = p.End
			continue
		}
		out = append(out, p)
	}
	return out
}

// hasNumber reports whether some piece of the line reads as a number.
func (l line) hasNumber() bool { return hasNumber(l.pieces) }

// hasNumber reports whether some piece reads as a number.
func hasNumber(ps []piece) bool {
	for _, p := range ps {
		if p.isNumber() {
			return true
		}
	}
	return false
}

// regions splits a document's lines into its three tables by their anchors:
// table 三 starts at 本列数据的勾稽关系 or 申请人情况, table 四 at the first
// 行政复议 after it, and table 二 at 二、主动公开 or 第二十条 before 三.
func regions(ls []line) (r2, r3, r4 []line) {
	keys := make([]string, len(ls))
	for i, l := range ls {
		keys[i] = l.text()
	}
	s3 := find(keys, 0, len(ls), "勾稽关系", "申请人情况")
	if s3 < 0 {
		s3 = find(keys, 0, len(ls), "本年新收政府信息公开申请")
	}
	if s3 < 0 {
		return fragment(keys, ls)
	}
	s2 := find(keys, 0, s3, "主动公开政府信息情况", "第二十条")
	if s2 >= 0 {
		r2 = ls[s2:s3]
	}
	s4 := find(keys, s3, len(ls), "行政复议", "未经复议", "复议后起诉")
	if s4 < 0 {
		return r2, ls[s3:], nil
	}
	e4 := findEnd(keys, ls, s4)
	return r2, ls[s3:s4], ls[s4:e4]
}

// fragment splits a document without table 三 (a page of a split PDF, a
// flip-book page, a report cut short): table 二 from its anchor, table 四
// from its own, each read if there.
func fragment(keys []string, ls []line) (r2, r3, r4 []line) {
	s4 := find(keys, 0, len(ls), "行政复议", "未经复议", "复议后起诉")
	if s4 < 0 {
		s4 = findStacked(keys, "行政复议", "未经复议", "复议后起诉")
	}
	e2 := len(ls)
	if s4 >= 0 {
		e2 = s4
		r4 = ls[s4:findEnd(keys, ls, s4)]
	}
	if s2 := find(keys, 0, e2, "主动公开政府信息情况", "第二十条"); s2 >= 0 {
		r2 = ls[s2:e2]
	}
	return r2, nil, r4
}

// findStacked finds a word printed one or two characters to a line (a
// header stacked in a narrow column): the first line of a run of such
// short lines whose keys, joined, hold any of words.
func findStacked(keys []string, words ...string) int {
	for i := range keys {
		var b strings.Builder
		for j := i; j < len(keys) && j < i+12 && utf8.RuneCountInString(keys[j]) <= 2; j++ {
			b.WriteString(keys[j])
		}
		for _, w := range words {
			if strings.HasPrefix(b.String(), w) {
				return i
			}
		}
	}
	return -1
}

// find returns the first index in [from, to) whose key holds any word.
func find(keys []string, from, to int, words ...string) int {
	for i := from; i < to; i++ {
		for _, w := range words {
			if strings.Contains(keys[i], w) {
				return i
			}
		}
	}
	return -1
}

// findEnd returns where table 四 ends: at the heading of part 五 once a row
// of numbers has been seen, or at the end.
func findEnd(keys []string, ls []line, s4 int) int {
	seen := false
	for i := s4; i < len(ls); i++ {
		if seen && (strings.Contains(keys[i], "存在的主要问题") || strings.Contains(keys[i], "其他需要报告") || strings.HasPrefix(sheet.Fold(ls[i].pieces[0].Raw), "五、")) {
			return i
		}
		seen = seen || ls[i].hasNumber()
	}
	return len(ls)
}
