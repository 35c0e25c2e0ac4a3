package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// typos maps misprints seen on real portals to the template's wording, so
// that a label still matches (the raw text keeps the misprint).
var typos = [][2]string{
	{"其他法律行政止公开", "其他法律行政法规禁止公开"},
	{"其它", "其他"},
}

// Fold returns s with full-width forms folded to half width, every kind of
// space (NBSP, ideographic space, newlines) removed and known typos fixed: the
// form labels are compared in.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if invisible(r) {
			continue
		}
		if r >= 0xff01 && r <= 0xff5e {
			r -= 0xfee0 // the full-width block mirrors ASCII 0x21-0x7e
		}
		b.WriteRune(r)
	}
	out := b.String()
	for _, t := range typos {
		if strings.Contains(out, t[0]) {
			out = strings.ReplaceAll(out, t[0], t[1])
		}
	}
	return out
}

// Squash folds runs of whitespace (NBSP included) to one space and trims the
// ends: how raw text is kept for people to read.
func Squash(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if invisible(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SquashCJK is Squash without the spaces that PDF and Word text puts between
// Chinese characters and digits ("2023 年政府信息公开工作 年度报告").
func SquashCJK(s string) string {
	rs := []rune(Squash(s))
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && (IsHan(rs[i-1]) || IsHan(rs[i+1])) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsHan reports whether r is a Chinese character or CJK or full-width
// punctuation: what PDF and Word text puts stray spaces beside.
func IsHan(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// LabelKey reduces a label to the characters worth comparing: folded, with
// punctuation, digits and numbering such as （一）, 1. and 三、 removed.
func LabelKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xff01 && r <= 0xff5e {
			r -= 0xfee0
		}
		if r < 0x80 && !isASCIILetter(r) {
			continue // spaces, digits and ASCII punctuation
		}
		if invisible(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	for _, t := range typos {
		if strings.Contains(out, t[0]) {
			out = strings.ReplaceAll(out, t[0], t[1])
		}
	}
	return stripNumbering(out)
}

func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// stripNumbering drops a leading Chinese ordinal (一 … 十) left after the
// punctuation of 三、 or （七） was removed, when a known label word follows.
func stripNumbering(s string) string {
	i := 0
	for n := 0; n < 2 && i < len(s); n++ {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			break
		}
		i += w
	}
	if i == 0 || i == len(s) {
		return s
	}
	rest := s[i:]
	for _, w := range []string{"本年", "上年", "结转", "予以", "部分", "不予", "无法", "其他", "总计", "主动", "收到", "政府"} {
		if strings.HasPrefix(rest, w) {
			return rest
		}
	}
	return s
}

// invisible reports whether r prints as nothing in a label: any Unicode
// space (NBSP and the ideographic space included), the zero-width space and
// the byte-order mark. Folding ignores them all; the text splitter cuts
// columns at a narrower set (IsSpace), because its offsets are columns.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b' || r == '\ufeff'
}

// HasHan reports whether s holds a Chinese character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
