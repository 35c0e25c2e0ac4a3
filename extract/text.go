package extract

import (
	"fmt"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"
	"github.com/touming/touming/internal/textenc"
)

// fromText reads a plain-text report: tab-separated rows, |-flattened page
// text, one cell per line, or pdftotext -layout output.
func fromText(in Input) (*touming.Report, error) {
	src, err := textenc.Decode(in.Data, in.ContentType, false)
	if err != nil {
		return nil, fmt.Errorf("text: %w: %w", touming.ErrCorrupt, err)
	}
	lines := strings.Split(string(src), "\n")
	if sheet.TextTitle(lines) == "" && in.Title != "" {
		lines = append([]string{in.Title}, lines...) // the link text as the report's first line
	}
	return readForm(sheet.FromLines(lines))
}
