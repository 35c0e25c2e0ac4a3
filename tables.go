package touming

// TableRead is what a document gave of one of the three standard tables.
// A report with a table missing or cut is partial: it keeps what it read
// (every other value null) and says which table and why.
type TableRead struct {
	Table string `json:"table"` // 二, 三 or 四
	// Rows counts the form's rows of the table with at least one cell
	// read (blank cells included); Of is how many the form has.
	Rows int `json:"rows"`
	Of   int `json:"of"`
	// Note says why a table is missing or cut: not found, or the first
	// row that could not be placed.
	Note string `json:"note,omitempty"`
}

// Whole reports whether every row of the table was read.
func (t TableRead) Whole() bool { return t.Rows >= t.Of }

// Partial lists the tables of r that are missing or cut (二, 三, 四); nil
// for a whole report.
func (r *Report) Partial() []string {
	var out []string
	for _, t := range r.Tables {
		if !t.Whole() {
			out = append(out, t.Table)
		}
	}
	return out
}

// StatusPartial is the status of a report with a standard table missing
// or cut (Report.Partial).
const StatusPartial Status = "partial"

// ReportStatus is the status of an extraction's result: StatusOf the
// error, or StatusPartial for a report that lacks part of its tables, or
// for a report read by OCR StatusOCRVerified or StatusOCRReview.
func ReportStatus(r *Report, err error) Status {
	if err == nil && r != nil && r.OCR {
		if len(r.Failed()) == 0 && len(r.Unsure()) == 0 && len(r.Partial()) == 0 {
			return StatusOCRVerified
		}
		return StatusOCRReview
	}
	if err == nil && r != nil && len(r.Partial()) > 0 {
		return StatusPartial
	}
	return StatusOf(err)
}
