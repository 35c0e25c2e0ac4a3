package extract

import (
	"fmt"

	"github.com/touming/touming"
)

// TEMPORARY: placeholders until the PDF and Word readers land (issue 5).
// The helper who builds them deletes this file.

type pdfEngine struct{}

func (pdfEngine) close() error { return nil }

func (e *Extractor) fromPDF(in Input) (*touming.Report, error) {
	return nil, fmt.Errorf("pdf: %w", touming.ErrUnsupported)
}

func (e *Extractor) fromDOCX(in Input) (*touming.Report, error) {
	return nil, fmt.Errorf("docx: %w", touming.ErrUnsupported)
}

func (e *Extractor) fromDOC(in Input) (*touming.Report, error) {
	return nil, fmt.Errorf("doc: %w", touming.ErrUnsupported)
}
