package sheet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestTextGolden cuts every text input of extract's goldens into a Doc and
// prints it into testdata/<name>.doc.txt; -update rewrites them.
func TestTextGolden(t *testing.T) {
	inputs, _ := filepath.Glob("../testdata/golden/*.txt")
	if len(inputs) == 0 {
		t.Fatal("no text inputs in ../testdata/golden")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			doc := FromLines(strings.Split(string(data), "\n"))
			name := strings.TrimSuffix(filepath.Base(in), ".txt") + ".doc.txt"
			golden.Check(t, filepath.Join("testdata", name), []byte(doc.Text()))
		})
	}
}
