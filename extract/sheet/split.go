package sheet

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromLines reads plain text lines as a Doc: pdftotext -layout output, the
// PDF reader's laid-out pages (columns aligned by spaces, one rune to a
// column), tab-separated rows, |-flattened page text, one cell per line.
// Each line is cut by Split; a form feed starts a page. Pipe cells (one
// cell to a line, see pipeCells) are gathered into rows first.
func FromLines(lines []string) Doc {
	title, body := TextTitle(lines), strings.Join(lines, "\n")
	if rows, ok := pipeCells(lines); ok {
		lines = rows
	}
	ls := make([]Line, 0, len(lines))
	page := 0
	for i, s := range lines {
		page += strings.Count(s, "\f")
		if l, ok := Split(strings.TrimRight(s, "\r"), i); ok {
			l.Page = page
			ls = append(ls, l)
		}
	}
	return Doc{Title: title, Body: body, Lines: ls}
}

// Split cuts text line n into cells: at tabs or | when it has them (an
// empty field is then a blank cell), otherwise at runs of two or more
// spaces, keeping each cell's column. ok is false for a blank line.
func Split(s string, n int) (l Line, ok bool) {
	if strings.TrimSpace(s) == "" {
		return Line{}, false
	}
	sep := ""
	switch {
	case strings.Contains(s, "\t"):
		sep = "\t"
	case strings.Count(s, "|") >= 2 || strings.Count(s, "｜") >= 2:
		sep = "|"
		s = strings.ReplaceAll(s, "｜", "|")
	}
	if sep != "" {
		return Line{Cells: fields(s, sep), Row: n, Grid: -1, Kind: KindDelimited}, true
	}
	return Line{Cells: spaced(spreadZeros(s)), Row: n, Grid: -1, Kind: KindSpaced}, true
}

// zeroRun finds cells run together that can be told apart: a run of zeros
// glued to a label (规章000) or standing as one word (000). Each zero is a
// cell of its own; any other run of digits (规章1012: 1|0|12 or 10|1|2?)
// is left whole, and so null, rather than guessed.
var zeroRun = regexp.MustCompile(`(\p{Han}|[）)]|^|\s)(0{2,12}|0)(\s|$)`)

// spreadZeros writes zero runs as single zeros one space apart (the
// narrow-column form the splitter already reads).
func spreadZeros(s string) string {
	if !strings.Contains(s, "00") && !strings.Contains(s, "0") {
		return s
	}
	return zeroRun.ReplaceAllStringFunc(s, func(m string) string {
		sub := zeroRun.FindStringSubmatch(m)
		if sub[1] != "" && !IsSpace([]rune(sub[1])[0]) || len(sub[2]) > 1 {
			zeros := strings.TrimSuffix(strings.Repeat("0 ", len(sub[2])), " ")
			lead := sub[1]
			if lead != "" && !IsSpace([]rune(lead)[0]) {
				lead += " "
			}
			return lead + zeros + sub[3]
		}
		return m
	})
}

// fields splits at sep; each field keeps its rune offset as its position.
func fields(s, sep string) []Cell {
	var out []Cell
	pos := 0
	for _, f := range strings.Split(s, sep) {
		w := utf8.RuneCountInString(f)
		out = append(out, NewCell(f, pos, pos+w, pos+1))
		pos += w + 1
	}
	return out
}

// spaced splits at runs of two or more spaces (any kind), and splits a cell
// made only of numbers separated by single spaces.
func spaced(s string) []Cell {
	var out []Cell
	rs := []rune(s)
	start, gap := -1, 0
	for i := 0; i <= len(rs); i++ {
		sp := i == len(rs) || IsSpace(rs[i])
		if !sp {
			if start < 0 || gap >= 2 {
				if start >= 0 {
					out = appendCell(out, rs, start, i-gap)
				}
				start = i
			}
			gap = 0
			continue
		}
		gap++
	}
	if start >= 0 {
		out = appendCell(out, rs, start, len(rs)-gap+1)
	}
	return out
}

// IsSpace reports whether r separates the columns of a text line: the
// spaces pdftotext, portals and copy services print (NBSP and the
// ideographic space included). It is narrower than what folding ignores
// (every Unicode space): a text line's offsets are its columns, and a
// form feed opening a page must keep its place.
func IsSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
}

// appendCell adds rs[a:b] (trimmed) as a cell, or as several when it is
// numbers separated by single spaces, or a label followed by such numbers
// (narrow columns: pdftotext leaves one space between a row's label and
// its first value, or between values).
func appendCell(out []Cell, rs []rune, a, b int) []Cell {
	for b > a && IsSpace(rs[b-1]) {
		b--
	}
	words := strings.Fields(string(rs[a:b]))
	k := trailingValues(words)
	switch {
	case k == len(words) || len(words) == 1 && k == 0:
		return append(out, NewCell(string(rs[a:b]), a, b, a+1))
	case k > 0:
		lb := labelEnd(rs, a, k)
		out = append(out, NewCell(string(rs[a:lb]), a, lb, a+1))
		a, words = lb, words[k:]
	}
	pos := a
	for _, w := range words {
		for pos < b && IsSpace(rs[pos]) {
			pos++
		}
		n := utf8.RuneCountInString(w)
		out = append(out, NewCell(w, pos, pos+n, pos+1))
		pos += n
	}
	return out
}

// trailingValues returns where the maximal run of value words at the end of
// words starts: 0 when every word is a value, len(words) when the last is
// not one. A run after a label counts only when the label is Chinese text
// whose last word ends in a Chinese character or bracket, so that
// 3.补正后申请内容仍不明确 0 0 splits while Table 3 4 and a sentence
// ending in 2019 年 stay whole.
func trailingValues(words []string) int {
	k := len(words)
	for k > 0 && IsValue(words[k-1]) {
		k--
	}
	if k == 0 || k == len(words) {
		return k
	}
	if !HasHan(strings.Join(words[:k], "")) || !endsInHan(words[k-1]) {
		return len(words)
	}
	return k
}

// labelEnd returns the rune offset just past the k-th word of rs[a:].
func labelEnd(rs []rune, a, k int) int {
	i := a
	for w := 0; w < k; w++ {
		for i < len(rs) && IsSpace(rs[i]) {
			i++
		}
		for i < len(rs) && !IsSpace(rs[i]) {
			i++
		}
	}
	return i
}

// endsInHan reports whether w ends in a Chinese character or a closing
// bracket or quote (a label's end, not a number's).
func endsInHan(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.Is(unicode.Han, r) || strings.ContainsRune("）)”」》", r)
}
