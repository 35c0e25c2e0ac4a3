package extract

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/touming/touming"
)

// dashes are the marks portals print for "nothing here": null, not 0.
var dashes = map[string]bool{
	"/": true, "\\": true, "-": true, "--": true, "—": true, "——": true, "–": true,
	"－": true, "一": true, "无": true, "×": true, "…": true, "......": true, "/ ": true,
	"_": true, "ー": true, "─": true,
}

// parsed is one value cell's reading.
type parsed struct {
	class touming.CellClass
	value float64 // meaningful for ClassNumber and ClassZero
	yuan  bool    // printed with a 元 (not 万元) unit: divide by 10000
	wan   bool    // printed with 万元 or 万
}

// parseValue classifies a printed cell. A number may carry a unit (元, 万元,
// 件, 项, 个, 条) and a note in brackets: 22（其中修订16件） is 22.
func parseValue(raw string) parsed {
	if v, ok := plainInt(raw); ok { // most cells: skip folding
		if v == 0 {
			return parsed{class: touming.ClassZero}
		}
		return parsed{class: touming.ClassNumber, value: v}
	}
	if labelLike(raw) {
		return parsed{class: touming.ClassText}
	}
	s := fold(raw)
	if s == "" {
		return parsed{class: touming.ClassBlank}
	}
	if dashes[s] {
		return parsed{class: touming.ClassDash}
	}
	num, rest := leadingNumber(s)
	if num == "" {
		return parsed{class: touming.ClassText}
	}
	p := parsed{class: touming.ClassNumber}
	rest, p.yuan, p.wan = unitOf(rest)
	if rest != "" && !isNote(rest) {
		return parsed{class: touming.ClassText}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
	if err != nil {
		return parsed{class: touming.ClassText}
	}
	p.value = v
	if v == 0 {
		p.class = touming.ClassZero
	}
	return p
}

// labelLike reports whether raw starts (after spaces) with a Chinese
// character other than the dashes 无 and 一: a label, which needs no
// further reading.
func labelLike(raw string) bool {
	for _, r := range raw {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' {
			continue
		}
		return r != '无' && r != '一' && unicode.Is(unicode.Han, r)
	}
	return false
}

// plainInt reads a cell of ASCII digits only.
func plainInt(raw string) (float64, bool) {
	if raw == "" || len(raw) > 15 {
		return 0, false
	}
	v := 0.0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + float64(c-'0')
	}
	return v, true
}

// leadingNumber splits s into a leading decimal number (sign, digits,
// thousands commas, one point) and the rest.
func leadingNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, point := 0, false
	for i < len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ',' && digits > 0 && i+4 <= len(s) && allDigits(s[i+1:i+4]):
		case c == '.' && !point && digits > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			point = true
		default:
			return cut(s, i, digits)
		}
		i++
	}
	return cut(s, i, digits)
}

func cut(s string, i, digits int) (string, string) {
	if digits == 0 {
		return "", s
	}
	return s[:i], s[i:]
}

func allDigits(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// unitOf strips a unit word after a number.
func unitOf(rest string) (string, bool, bool) {
	for _, u := range []string{"万元", "万"} {
		if strings.HasPrefix(rest, u) {
			return rest[len(u):], false, true
		}
	}
	if strings.HasPrefix(rest, "元") {
		return rest[len("元"):], true, false
	}
	for _, u := range []string{"件", "项", "个", "条", "次", "人次"} {
		if strings.HasPrefix(rest, u) {
			return rest[len(u):], false, false
		}
	}
	return rest, false, false
}

// isNote reports whether rest is a bracketed remark such as （其中修订16件）.
func isNote(rest string) bool {
	for _, p := range []string{"(", "[", "【", "〔", "*", "※", "注", "①", "②", "③"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// isValue reports whether a printed cell reads as a value (a number or a
// dash): what separates the numbers of a row from its label in text.
func isValue(raw string) bool { return parseValue(raw).isValue() }

func (p parsed) isValue() bool {
	return p.class == touming.ClassNumber || p.class == touming.ClassZero || p.class == touming.ClassDash
}
