// Package sheet is the one intermediate model between extract's readers and
// the form: a document as lines of printed cells, whatever format it came
// in. Every reader (HTML, DOCX, PDF, legacy Word through DOCX, text, OCR)
// produces a Doc; the form (extract/form) reads the national tables from a
// Doc and nothing else. A wrong Doc is a reader's bug; a right Doc read
// into wrong numbers is the form's.
//
// The package also holds what readers and the form share about printed
// text: the value parser (number, zero, blank, dash, text; 元 and 万元),
// label folding (full and half width, spaces, numbering, known typos), the
// text splitter (tabs, |, runs of spaces, with columns kept) and the
// Builder that turns tables and paragraphs into lines. It imports only the
// root package and the standard library.
package sheet

import "github.com/touming/touming"

// Doc is one document as read: its title, its text and its lines.
type Doc struct {
	// Title is the report's title as the reader found it (the title line
	// of the body, else the page's or the file's own title); may be empty.
	Title string
	// Body is the document's text, one block (paragraph, table row) to a
	// line: where the metadata (agency, year, dates) is looked for.
	Body string
	// Lines are the table rows, headings and text lines, in reading order.
	Lines []Line
	// Published is the publication date the file states outside its text
	// (YYYY-MM-DD: a page's <meta> tags, a file's properties), and
	// PublishedFrom where: "meta" or "properties". The form prefers a date
	// printed in the text.
	Published, PublishedFrom string
	// Attachments are the links to attached documents (.pdf, .doc, .docx,
	// .wps, .ofd, or links named 附件/下载) as the page prints them: where a
	// page that says 全文详见附件 keeps its report.
	Attachments []string
}

// MetaSpan is how much of a Doc's Body the form looks for the metadata in
// (title, period, the opening paragraph come first): a reader may stop
// copying text into the body a little past it.
const MetaSpan = 8 << 10

// Kind tells how a line was printed, which decides how its cells are read.
type Kind uint8

// The kinds of line.
const (
	// KindGrid is a row of a table read with its cells (HTML, DOCX, a
	// ruled PDF table): Col is the grid column, spans expanded.
	KindGrid Kind = iota
	// KindHeading is a short paragraph between tables, one cell.
	KindHeading
	// KindSpaced is a text line cut at runs of spaces: Col is the rune
	// column, so cells of different lines line up by position.
	KindSpaced
	// KindDelimited is a text line cut at tabs or |: an empty field is a
	// blank cell.
	KindDelimited
)

var kindNames = [...]string{"grid", "heading", "spaced", "delimited"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Line is one grid row, heading or text line.
type Line struct {
	Cells []Cell
	// Row is the row in its grid, or the line number in the text.
	Row int
	// Grid is the index of the table a KindGrid line belongs to (0, 1, …
	// in document order); -1 for other kinds.
	Grid int
	// Page counts the form feeds before a text line (pdftotext pages):
	// columns shift between pages.
	Page int
	Kind Kind
}

// Cell is one printed cell, or one grid position of a cell that spans
// several (its ID then repeats).
type Cell struct {
	Raw string // the printed text, whitespace squashed
	Key string // LabelKey(Raw): what labels are matched on
	// Col and End are the columns covered, [Col, End): the grid column, or
	// the rune offsets in a text line.
	Col, End int
	// ID is shared by the grid positions one spanning cell covers, and
	// differs between any two printed cells of a line: two equal
	// neighbours are two cells, one cell over two columns is one.
	ID    int
	Value Value // Raw read as a value
}

// NewCell makes a cell of raw text covering columns [col, end).
func NewCell(raw string, col, end, id int) Cell {
	return Cell{Raw: Squash(raw), Key: LabelKey(raw), Col: col, End: end, ID: id, Value: Parse(raw)}
}

// readCell makes a grid cell, reading a plain number without folding
// (most cells of a table are plain numbers and need no label key).
func readCell(t string, col, id int) Cell {
	n := trimSpace(t)
	if v, ok := PlainInt(n); ok {
		p := Value{Class: touming.ClassNumber, Num: v}
		if v == 0 {
			p.Class = touming.ClassZero
		}
		return Cell{Raw: n, Col: col, End: col + 1, ID: id, Value: p}
	}
	return Cell{Raw: Squash(t), Key: LabelKey(t), Col: col, End: col + 1, ID: id, Value: Parse(t)}
}
