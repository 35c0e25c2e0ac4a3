package extract

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/docx"
	"github.com/touming/touming/extract/soffice"
)

// fromDOCX reads a Word document's tables natively, spans expanded, with
// its paragraphs for the headings and metadata.
func (e *Extractor) fromDOCX(in Input) (*touming.Report, error) {
	doc, err := docx.Read(in.Data)
	if err != nil {
		if errors.Is(err, docx.ErrNotWord) {
			return e.convertOther(in, err)
		}
		return nil, fmt.Errorf("docx: %w", err)
	}
	return readForm(doc)
}

// fromDOC reads a legacy Word file (.doc, or RTF) by converting it to
// .docx with LibreOffice, then reading that natively.
func (e *Extractor) fromDOC(in Input) (*touming.Report, error) {
	ext := ".doc"
	if bytes.HasPrefix(in.Data, []byte(`{\rtf`)) {
		ext = ".rtf"
	}
	r, err := e.viaLibreOffice(in, ext)
	if err != nil {
		return nil, fmt.Errorf("doc: %w", err)
	}
	return r, nil
}

// convertOther handles a zip archive that holds no Word document: an
// OpenDocument text is converted like a .doc; anything else is refused.
func (e *Extractor) convertOther(in Input, cause error) (*touming.Report, error) {
	if soffice.IsODT(in.Data) {
		r, err := e.viaLibreOffice(in, ".odt")
		if err != nil {
			return nil, fmt.Errorf("odt: %w", err)
		}
		return r, nil
	}
	return nil, fmt.Errorf("docx: %w: %w", cause, touming.ErrUnsupported)
}

// viaLibreOffice converts a document to .docx and reads its tables.
func (e *Extractor) viaLibreOffice(in Input, ext string) (*touming.Report, error) {
	bin, err := soffice.Find(e.cfg.Soffice)
	if err != nil {
		return nil, err
	}
	data, err := soffice.ToDOCX(bin, in.Data, ext)
	if err != nil {
		return nil, err
	}
	doc, err := docx.Read(data)
	if err != nil {
		return nil, fmt.Errorf("read converted file: %w", err)
	}
	return readForm(doc)
}
