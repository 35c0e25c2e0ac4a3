package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/textenc"
)

// fromText reads a plain-text report: tab-separated rows, |-flattened page
// text, one cell per line, or pdftotext -layout output.
func fromText(in Input) (*touming.Report, error) {
	src, err := textenc.Decode(in.Data, in.ContentType, false)
	if err != nil {
		return nil, fmt.Errorf("text: %w: %w", touming.ErrCorrupt, err)
	}
	lines := strings.Split(string(src), "\n")
	if textTitle(lines) == "" && in.Title != "" {
		lines = append([]string{in.Title}, lines...) // the link text as the report's first line
	}
	return fromLines(in.Name, lines)
}

// fromLines interprets plain text lines (pdftotext -layout output and the
// PDF reader's rebuilt rows: columns aligned by spaces, one rune to a
// column).
func fromLines(name string, lines []string) (*touming.Report, error) {
	ls := make([]line, 0, len(lines))
	page := 0
	for i, s := range lines {
		page += strings.Count(s, "\f")
		if l, ok := splitLine(strings.TrimRight(s, "\r"), i); ok {
			l.page = page
			ls = append(ls, l)
		}
	}
	return build(name, ls, textTitle(lines), strings.Join(lines, "\n"))
}

// splitLine splits one line into cells: at tabs or | when it has them (an
// empty field is then a blank cell), otherwise at runs of two or more
// spaces, keeping each cell's column.
func splitLine(s string, n int) (line, bool) {
	if strings.TrimSpace(s) == "" {
		return line{}, false
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
		return line{pieces: fields(s, sep), row: n, grid: -2}, true
	}
	return line{pieces: spaced(s), row: n, grid: -1}, true
}

// fields splits at sep; each field keeps its rune offset as its position.
func fields(s, sep string) []piece {
	var out []piece
	pos := 0
	for _, f := range strings.Split(s, sep) {
		w := utf8.RuneCountInString(f)
		out = append(out, mkPiece(f, pos, pos+w, pos+1))
		pos += w + 1
	}
	return out
}

// spaced splits at runs of two or more spaces (any kind), and splits a cell
// made only of numbers separated by single spaces.
func spaced(s string) []piece {
	var out []piece
	rs := []rune(s)
	start, gap := -1, 0
	for i := 0; i <= len(rs); i++ {
		sp := i == len(rs) || isSpace(rs[i])
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

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
}

// appendCell adds rs[a:b] (trimmed) as a cell, or as several when it is
// numbers separated by single spaces, or a label followed by such numbers
// (narrow columns: pdftotext leaves one space between a row's label and
// its first value, or between values).
func appendCell(out []piece, rs []rune, a, b int) []piece {
	for b > a && isSpace(rs[b-1]) {
		b--
	}
	words := strings.Fields(string(rs[a:b]))
	k := trailingValues(words)
	switch {
	case k == len(words) || len(words) == 1 && k == 0:
		return append(out, mkPiece(string(rs[a:b]), a, b, a+1))
	case k > 0:
		lb := labelEnd(rs, a, k)
		out = append(out, mkPiece(string(rs[a:lb]), a, lb, a+1))
		a, words = lb, words[k:]
	}
	pos := a
	for _, w := range words {
		for pos < b && isSpace(rs[pos]) {
			pos++
		}
		n := utf8.RuneCountInString(w)
		out = append(out, mkPiece(w, pos, pos+n, pos+1))
		pos += n
	}
	return out
}

// textTitle joins the first lines up to the one that names the report
// (…年度报告), for a title printed over two lines.
func textTitle(lines []string) string {
	var b strings.Builder
	seen := 0
	for _, s := range lines {
		t := squashCJK(s)
		if t == "" {
			continue
		}
		if seen++; seen > 6 || utf8.RuneCountInString(b.String()+t) > 80 {
			return ""
		}
		b.WriteString(t)
		if strings.Contains(fold(t), "年度报告") {
			return b.String()
		}
	}
	return ""
}

// trailingValues returns where the maximal run of value words at the end of
// words starts: 0 when every word is a value, len(words) when the last is
// not one. A run after a label counts only when the label is Chinese text
// whose last word ends in a Chinese character or bracket, so that
// 3.补正后申请内容仍不明确 0 0 splits while Table 3 4 and a sentence
// ending in 2019 年 stay whole.
func trailingValues(words []string) int {
	k := len(words)
	for k > 0 && isValue(words[k-1]) {
		k--
	}
	if k == 0 || k == len(words) {
		return k
	}
	if !hasHan(strings.Join(words[:k], "")) || !endsInHan(words[k-1]) {
		return len(words)
	}
	return k
}

// labelEnd returns the rune offset just past the k-th word of rs[a:].
func labelEnd(rs []rune, a, k int) int {
	i := a
	for w := 0; w < k; w++ {
		for i < len(rs) && isSpace(rs[i]) {
			i++
		}
		for i < len(rs) && !isSpace(rs[i]) {
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
