package sheet

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

// Value is a printed cell read as a value: its class and, for numbers,
// the number and the unit it was printed in.
type Value struct {
	Class touming.CellClass
	Num   float64 // meaningful for ClassNumber and ClassZero
	Yuan  bool    // printed with a 元 (not 万元) unit: divide by 10000
	Wan   bool    // printed with 万元 or 万
}

// Parse classifies a printed cell. A number may carry a unit (元, 万元,
// 件, 项, 个, 条) and a note in brackets: 22（其中修订16件） is 22.
func Parse(raw string) Value {
	if v, ok := PlainInt(raw); ok { // most cells: skip folding
		if v == 0 {
			return Value{Class: touming.ClassZero}
		}
		return Value{Class: touming.ClassNumber, Num: v}
	}
	if labelLike(raw) {
		return Value{Class: touming.ClassText}
	}
	s := Fold(raw)
	if s == "" {
		return Value{Class: touming.ClassBlank}
	}
	if dashes[s] {
		return Value{Class: touming.ClassDash}
	}
	num, rest := leadingNumber(s)
	if num == "" {
		return Value{Class: touming.ClassText}
	}
	p := Value{Class: touming.ClassNumber}
	rest, p.Yuan, p.Wan = unitOf(rest)
	if rest != "" && !isNote(rest) {
		return Value{Class: touming.ClassText}
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
	if err != nil {
		return Value{Class: touming.ClassText}
	}
	p.Num = v
	if v == 0 {
		p.Class = touming.ClassZero
	}
	return p
}

// labelLike reports whether raw starts (after spaces) with a Chinese
// character other than the dashes 无 and 一: a label, which needs no
// further reading.
func labelLike(raw string) bool {
	for _, r := range raw {
		if invisible(r) {
			continue
		}
		return r != '无' && r != '一' && unicode.Is(unicode.Han, r)
	}
	return false
}

// PlainInt reads a cell of ASCII digits only: most cells, read without
// folding.
func PlainInt(raw string) (float64, bool) {
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

// IsValue reports whether a printed cell reads as a value (a number or a
// dash): what separates the numbers of a row from its label in text.
func IsValue(raw string) bool { return Parse(raw).IsValue() }

// IsValue reports whether v is a number (0 included) or a dash.
func (p Value) IsValue() bool {
	return p.Class == touming.ClassNumber || p.Class == touming.ClassZero || p.Class == touming.ClassDash
}
