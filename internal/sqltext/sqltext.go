// Package sqltext reads the start of a SQL text: spaces, comments and the
// first word. It is not a guard (DuckDB's parser and the sandbox are); it
// lets the SQL page answer the commonest mistakes kindly and lets the
// sandbox find what an EXPLAIN explains.
package sqltext

import (
	"strings"
	"unicode"
)

// SkipSpace drops leading whitespace, -- comments and /* */ comments
// (DuckDB's block comments do not nest). An unclosed /* is kept, so that
// DuckDB reports it.
func SkipSpace(q string) string {
	for {
		t := strings.TrimLeftFunc(q, unicode.IsSpace)
		switch {
		case strings.HasPrefix(t, "--"):
			i := strings.IndexByte(t, '\n')
			if i < 0 {
				return ""
			}
			t = t[i+1:]
		case strings.HasPrefix(t, "/*"):
			i := strings.Index(t[2:], "*/")
			if i < 0 {
				return t
			}
			t = t[2+i+2:]
		default:
			return t
		}
		q = t
	}
}

// NextWord skips spaces and comments and returns the word that follows
// (letters, digits, underscores) and the text after it; the word is ""
// when something else comes first.
func NextWord(q string) (rest, word string) {
	q = SkipSpace(q)
	i := strings.IndexFunc(q, func(r rune) bool { return !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) })
	if i < 0 {
		i = len(q)
	}
	return q[i:], q[:i]
}
