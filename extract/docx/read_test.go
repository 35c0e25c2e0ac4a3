package docx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestReaderGolden prints the Doc (or the error) of every .docx of
// extract's attachments into testdata/<name>.doc.txt; -update rewrites.
func TestReaderGolden(t *testing.T) {
	inputs, _ := filepath.Glob("../testdata/attachments/*.docx")
	if len(inputs) == 0 {
		t.Fatal("no .docx in ../testdata/attachments")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			if doc, err := Read(data); err != nil {
				out = "error: " + err.Error() + "\n"
			} else {
				out = doc.Text()
			}
			name := strings.TrimSuffix(filepath.Base(in), ".docx") + ".doc.txt"
			golden.Check(t, filepath.Join("testdata", name), []byte(out))
		})
	}
}
