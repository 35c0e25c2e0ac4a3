package golden

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	d := Diff([]byte("a\nb\nc\n"), []byte("a\nx\nc\n"))
	for _, s := range []string{"line 2", "got  2: b", "want 2: x"} {
		if !strings.Contains(d, s) {
			t.Errorf("diff %q lacks %q", d, s)
		}
	}
}
