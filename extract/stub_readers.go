package extract

import (
	"fmt"

	"github.com/touming/touming"
)

// TEMPORARY: placeholders until the HTML and text readers land (issue 2).
// The helper who builds them deletes this file.

// Grid is one table with rowspan and colspan expanded into a full grid:
// Grid[r][c] is the text of the cell that covers row r, column c (a spanned
// cell's text repeats in every position it covers).
type Grid [][]string

func fromHTML(in Input) (*touming.Report, error) {
	return nil, fmt.Errorf("html: %w", touming.ErrUnsupported)
}

func fromText(in Input) (*touming.Report, error) {
	return nil, fmt.Errorf("text: %w", touming.ErrUnsupported)
}

// fromGrids interprets tables that a structured reader (HTML, DOCX) found,
// with the document's plain text for metadata (title, agency, year).
func fromGrids(name string, grids []Grid, text string) (*touming.Report, error) {
	return nil, fmt.Errorf("grids: %w", touming.ErrUnsupported)
}

// fromLines interprets plain text lines (pdftotext -layout output and the
// PDF reader's rebuilt rows).
func fromLines(name string, lines []string) (*touming.Report, error) {
	return nil, fmt.Errorf("text: %w", touming.ErrUnsupported)
}
