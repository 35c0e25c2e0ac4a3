package touming

// CellClass says how a cell was printed. Only ClassNumber and ClassZero
// carry a value; every other class is null, never 0.
type CellClass string

// The cell classes.
const (
	ClassNumber CellClass = "number" // a number other than 0, perhaps with a note: 22（其中修订16件）
	ClassZero   CellClass = "zero"   // printed as 0
	ClassBlank  CellClass = "blank"  // empty, or only spaces
	ClassDash   CellClass = "dash"   // /, —, -, 无 and the like: null with its raw text kept
	ClassText   CellClass = "text"   // anything else: null
	// ClassOCRUnsure: a cell read from a picture that OCR could not read
	// with confidence: null, its reading kept in Raw for a person to check.
	ClassOCRUnsure CellClass = "ocr_unsure"
)

// OCRSource is where a cell read from a picture came from: the image, the
// box of the cell's ink in it (pixels) and Tesseract's confidence (0-100).
type OCRSource struct {
	Image string  `json:"image"`
	X     int     `json:"x"`
	Y     int     `json:"y"`
	W     int     `json:"w"`
	H     int     `json:"h"`
	Conf  float64 `json:"conf"`
	// Crop is a PNG of the box, for a person to check the value against;
	// kept in the warehouse, not printed.
	Crop []byte `json:"-"`
}

// Cell is one value cell of a standard table as it was read.
type Cell struct {
	Key   string    `json:"key"`   // canonical field key
	Value *float64  `json:"value"` // in the field's unit; nil for a blank, dash or text cell
	Raw   string    `json:"raw"`   // the printed text, whitespace folded
	Class CellClass `json:"class"`
	Table string    `json:"table"` // 二, 三 or 四
	Row   int       `json:"row"`   // 0-based row in the table grid as read (after spans are expanded)
	Col   int       `json:"col"`   // 0-based column in that grid
	// RowLabel and ColLabel are the labels the cell was found under, as
	// printed (normalised), so that an error can name the cell.
	RowLabel string `json:"row_label,omitempty"`
	ColLabel string `json:"col_label,omitempty"`
	// OCR is set for a cell read from a picture.
	OCR *OCRSource `json:"ocr,omitempty"`
}

// Meta describes a report.
type Meta struct {
	Title  string `json:"title"`
	Agency string `json:"agency"` // 发布机关
	Year   int    `json:"year"`   // the year covered, not the year published
	// Published is the publication date as printed (YYYY-MM-DD when known).
	Published string `json:"published,omitempty"`
	// PublishedFrom says where Published was read: page (发布日期 or
	// 发布时间 printed in the text), meta (the page's <meta> tags),
	// properties (the file's document properties) or url (the date in the
	// URL's path, /202401/t20240120_…).
	PublishedFrom string `json:"published_from,omitempty"`
}

// Check is the result of one checking relation (勾稽关系) on one report.
// A failed check is a finding about the report, not an error: the numbers
// stay as printed.
type Check struct {
	Rule     string   `json:"rule"`    // C1, C2, C3, C4 or C6
	Subject  string   `json:"subject"` // what it was applied to, e.g. the column or row key
	OK       bool     `json:"ok"`
	Expected *float64 `json:"expected"` // nil when an operand was null
	Actual   *float64 `json:"actual"`
	Cells    []string `json:"cells"` // the field keys involved
	Message  string   `json:"message,omitempty"`
}

// Report is one annual report's standard tables, read into canonical fields.
type Report struct {
	Template Template `json:"template"`
	Meta     Meta     `json:"meta"`
	// Values has every key of the template's fields; a key whose cell was
	// blank, a dash, text or missing maps to nil.
	Values map[string]*float64 `json:"values"`
	Cells  []Cell              `json:"cells"`
	Checks []Check             `json:"checks"`
	// Tables says how much of each standard table was read, in the order
	// 二, 三, 四 (see Partial).
	Tables []TableRead `json:"tables"`
	// OCR says the tables were read from pictures: the report's status is
	// then ocr_verified or ocr_review (see ReportStatus), never plain ok.
	OCR bool `json:"ocr,omitempty"`
	// Sections are the numbered sections found, in document order. They
	// go to the warehouse (report_sections), not to touming extract's JSON,
	// whose goldens pin the tables.
	Sections []Section `json:"-"`
}

// Unsure returns the cells OCR could not read with confidence.
func (r *Report) Unsure() []Cell {
	var out []Cell
	for _, c := range r.Cells {
		if c.Class == ClassOCRUnsure {
			out = append(out, c)
		}
	}
	return out
}

// Failed returns the checks that did not hold.
func (r *Report) Failed() []Check {
	var out []Check
	for _, c := range r.Checks {
		if !c.OK {
			out = append(out, c)
		}
	}
	return out
}

// Filled counts the report's values that are not null.
func (r *Report) Filled() int { return NonNull(r.Values) }

// NonNull counts the values of a Values map that are not null.
func NonNull(values map[string]*float64) int {
	n := 0
	for _, v := range values {
		if v != nil {
			n++
		}
	}
	return n
}

// Float returns a pointer to v, for building Values.
func Float(v float64) *float64 { return &v }

// Section is one of the six numbered sections of a report (一、总体情况 …
// 六、其他需要报告的事项) with its text: what the narrative rules (C7,
// copying) read.
type Section struct {
	Number string `json:"number"` // 一 to 六
	Title  string `json:"title"`  // the heading as printed
	Text   string `json:"text"`   // the lines under the heading, one a line
}
