package touming

import "errors"

// Reasons a document yields no report. Extraction wraps one of these so that
// callers can record the document with its reason (errors.Is) while the error
// text names the file and the detail.
var (
	// ErrNotReport: the document is not an annual report (a notice about
	// the reports, a work plan, a 图解, a list page, …).
	ErrNotReport = errors.New("not an annual report")
	// ErrNoTables: the document looks like a report but holds no standard
	// table that could be read (for example, the tables are images).
	ErrNoTables = errors.New("no standard tables")
	// ErrNoTextLayer: a PDF or image with no text to read (a scan); kept for
	// a later OCR step.
	ErrNoTextLayer = errors.New("no text layer")
	// ErrUnsupported: a format touming cannot read here (for example a
	// legacy .doc without a converter installed).
	ErrUnsupported = errors.New("unsupported format")
	// ErrCorrupt: the file is damaged or truncated.
	ErrCorrupt = errors.New("corrupt or truncated file")
	// ErrEmpty: the file has no bytes at all (a portal serving an empty
	// attachment): nothing to read, and not a report without tables.
	ErrEmpty = errors.New("empty file (0 bytes)")
)

// Status is what became of a document: a report was read from it, or why
// not. Its values are stored and printed as they are (ok, not_report, …).
// It is an alias of string for now: a defined type would change every
// package that stores or prints a status (crawl, warehouse, charts, the
// sample portal) at once, which is left for a change of its own.
type Status = string

// Status values of a Document.
const (
	StatusOK          Status = "ok"          // a report was extracted
	StatusNotReport   Status = "not_report"  // ErrNotReport
	StatusNoTables    Status = "no_tables"   // ErrNoTables
	StatusNoText      Status = "no_text"     // ErrNoTextLayer
	StatusUnsupported Status = "unsupported" // ErrUnsupported
	StatusEmpty       Status = "empty"       // ErrEmpty
	StatusFailed      Status = "failed"      // anything else, including ErrCorrupt and fetch errors
	// A report read from pictures by OCR: verified when every check that
	// could be made holds, no cell was unsure and no table is missing or
	// cut; else for a person to review (see ReportStatus).
	StatusOCRVerified Status = "ocr_verified"
	StatusOCRReview   Status = "ocr_review"
)

// StatusOf maps an extraction error to a Document status.
func StatusOf(err error) Status {
	switch {
	case err == nil:
		return StatusOK
	case errors.Is(err, ErrNotReport):
		return StatusNotReport
	case errors.Is(err, ErrNoTables):
		return StatusNoTables
	case errors.Is(err, ErrNoTextLayer):
		return StatusNoText
	case errors.Is(err, ErrUnsupported):
		return StatusUnsupported
	case errors.Is(err, ErrEmpty):
		return StatusEmpty
	default:
		return StatusFailed
	}
}
