package docx

import (
	"testing"

	"github.com/touming/touming/extract/internal/golden"
)

// TestReaderGolden prints the Doc (or the error) of every .docx of
// extract's attachments into testdata/<name>.doc.txt; -update rewrites.
func TestReaderGolden(t *testing.T) {
	golden.Docs(t, "../testdata/attachments/*.docx", func(t *testing.T, data []byte) string {
		doc, err := Read(data)
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		return doc.Text()
	})
}
