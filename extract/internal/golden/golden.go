// Package golden compares test output with golden files, for extract's
// packages: -update rewrites them, and a mismatch names the file and
// prints the first lines that differ, so that a change is seen at once.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Update is the -update flag of every test binary that imports golden.
var Update = flag.Bool("update", false, "rewrite the golden files from the current output")

// Check compares got with the golden file at path, or writes it under
// -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (if the change is right, rerun with -update and review the diff):\n%s", path, Diff(got, want))
	}
}

// context is how many differing lines Diff shows.
const context = 3

// Diff describes where got first differs from want: the line number, and
// up to three lines of each from there.
func Diff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (got %d lines, want %d)\n", i+1, len(g), len(w))
	for _, side := range []struct {
		name  string
		lines []string
	}{{"got ", g}, {"want", w}} {
		for k := i; k < min(i+context, len(side.lines)); k++ {
			fmt.Fprintf(&b, "  %s %d: %s\n", side.name, k+1, side.lines[k])
		}
	}
	return b.String()
}

// Docs is a reader's golden test: for every file matching pattern it
// calls read on the file's bytes, as a subtest, and checks what read
// printed against testdata/<name without extension>.doc.txt. A pattern
// that matches nothing fails, so that a moved testdata is not a pass.
func Docs(t *testing.T, pattern string, read func(t *testing.T, data []byte) string) {
	t.Helper()
	inputs, _ := filepath.Glob(pattern)
	if len(inputs) == 0 {
		t.Fatalf("no inputs match %s", pattern)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in)) + ".doc.txt"
			Check(t, filepath.Join("testdata", name), []byte(read(t, data)))
		})
	}
}
