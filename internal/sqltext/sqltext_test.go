package sqltext

import (
	"strings"
	"testing"
)

func TestNextWord(t *testing.T) {
	for q, want := range map[string]string{
		"  select 1":                "select",
		"-- c\n/* d */ EXPLAIN x":   "EXPLAIN",
		"/* open":                   "",
		"-- only a comment":         "",
		"\"quoted\" x":              "",
		"说明 SELECT":                 "说明",
		"/* a */ /* b */\n\tFROM t": "FROM",
	} {
		if _, got := NextWord(q); got != want {
			t.Errorf("NextWord(%q) = %q, want %q", q, got, want)
		}
	}
}

// FuzzNextWord: the word and the rest are the end of the text, in order;
// leading spaces and comments never change the word.
func FuzzNextWord(f *testing.F) {
	for _, s := range []string{"SELECT 1", "EXPLAIN ANALYZE SELECT", "/**/--\nx", "$$a$$", "/* unclosed", "\"x\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		rest, w := NextWord(q)
		if !strings.HasSuffix(q, w+rest) {
			t.Fatalf("NextWord(%q) = %q, %q: not the end of the text", q, w, rest)
		}
		if _, w2 := NextWord(" /* c */ -- d\n" + q); w2 != w && !strings.HasPrefix(SkipSpace(q), "/*") {
			t.Fatalf("a leading comment changed the word of %q: %q vs %q", q, w, w2)
		}
	})
}
