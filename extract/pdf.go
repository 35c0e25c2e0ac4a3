package extract

import (
	"errors"
	"fmt"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/pdf"
)

// fromPDF reads a PDF's text layer two ways: ruled tables cell by cell
// from their drawn lines, and the page text rebuilt as layout lines for
// the text reader (tables without rules). The better report is kept.
func (e *Extractor) fromPDF(in Input) (*touming.Report, error) {
	rd, err := e.pdf.Read(in.Data)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	r, err := pdfReport(rd)
	return e.orScan(in, rd, r, err)
}

// pdfReport chooses between the two readings of a PDF.
func pdfReport(rd pdf.Reading) (*touming.Report, error) {
	if len(rd.Blank) == rd.Pages {
		return nil, fmt.Errorf("pdf: none of %d pages has readable text (a scan, or fonts without Unicode?): %w", rd.Pages, touming.ErrNoTextLayer)
	}
	var ruled *touming.Report
	if rd.HasRuled {
		ruled, _ = readForm(rd.Ruled)
	}
	r, err := readForm(rd.Laid())
	if err != nil && ruled == nil && len(rd.Blank) > 0 && (errors.Is(err, touming.ErrNoTables) || errors.Is(err, touming.ErrNotReport)) {
		// The tables are likely on the scanned pages: say so, so that
		// the document is kept for OCR rather than dismissed.
		return nil, fmt.Errorf("pdf: pages %v have no text (scanned?) and the rest hold no table: %w", rd.Blank, touming.ErrNoTextLayer)
	}
	if ruled != nil && (err != nil || pdfBetter(ruled, r)) {
		return ruled, nil
	}
	return r, err
}

// pdfBetter tells whether report a, read from ruled tables, should be
// kept over b, read from layout text. The ruled reading knows its cells,
// so it wins unless the text reading read more values with no more failed
// checks (a table drawn without rules beside ruled ones, say).
func pdfBetter(a, b *touming.Report) bool {
	return !(a.Filled() < b.Filled() && len(b.Failed()) <= len(a.Failed()))
}
