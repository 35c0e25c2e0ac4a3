package sheet

import (
	"strings"
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestTextGolden cuts every text input of extract's goldens into a Doc and
// prints it into testdata/<name>.doc.txt; -update rewrites them.
func TestTextGolden(t *testing.T) {
	golden.Docs(t, "../testdata/golden/*.txt", func(_ *testing.T, data []byte) string {
		return FromLines(strings.Split(string(data), "\n")).Text()
	})
}
