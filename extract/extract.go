// Package extract turns one report document (HTML, text, PDF, Word) into a
// touming.Report: the canonical fields of its standard tables, each cell's
// raw text and place, and the checking relations (勾稽关系).
//
// Every reader reduces its document to lines of cells: an HTML or Word
// table to a grid with rowspan and colspan expanded, text to cells cut at
// tabs, at | or at runs of spaces (with their columns kept), short
// paragraphs to one-cell lines. The interpretation is shared. Anchors
// (第二十条, 本列数据的勾稽关系, 行政复议) split the lines into tables 二, 三
// and 四. Columns are named by their header labels, rows by theirs, both
// compared on normalised text (full and half width, spaces, numbering,
// known typos), never by position alone: table 三's rows are aligned to the
// form's row sequence by a monotone dynamic-programming match of label
// similarity, so an extra subtotal row or a missing row shifts nothing.
// Text that lost its grid places numbers by count, and when blank cells
// were dropped, by their horizontal position under the header. Narrow
// columns print one space between cells: a row's trailing numbers are cut
// from its Chinese label, header words are split and stacked by column
// where labels wrap over lines, each page's columns are brought onto the
// first page's, and a number whose column its position cannot tell is left
// out rather than guessed.
//
// extract is pure: bytes in, records out. It does no network and no
// database work. The only state an Extractor keeps is what is costly to
// start (the PDF engine), so one Extractor serves a whole process.
package extract

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/textenc"
)

// Input is one document to extract.
type Input struct {
	Name        string // file path or URL; named in errors
	Data        []byte
	ContentType string // the HTTP Content-Type when known; its charset is honoured
	// Title is the link text the document was found under, when known: the
	// report's title for a page that prints none of its own.
	Title string
}

// Config holds the Extractor's settings.
type Config struct {
	// Soffice is the LibreOffice binary used to convert legacy .doc files;
	// empty means look for soffice or libreoffice on PATH.
	Soffice string
}

// Extractor reads report documents. It is safe for concurrent use.
type Extractor struct {
	cfg Config
	pdf pdfEngine
	mu  sync.Mutex // guards lazy start of the PDF engine
}

// New returns an Extractor. Engines start lazily on first use.
func New(cfg Config) *Extractor { return &Extractor{cfg: cfg} }

// Close releases the engines the Extractor started.
func (e *Extractor) Close() error { return e.pdf.close() }

// Extract reads one document. On failure the error wraps one of touming's
// reason errors (ErrNotReport, ErrNoTables, …) where one applies, and names
// in.Name.
func (e *Extractor) Extract(in Input) (*touming.Report, error) {
	r, err := e.extract(in)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", in.Name, err)
	}
	return r, nil
}

func (e *Extractor) extract(in Input) (*touming.Report, error) {
	switch Sniff(in.Data, in.Name, in.ContentType) {
	case FormatPDF:
		return e.fromPDF(in)
	case FormatDOCX:
		return e.fromDOCX(in)
	case FormatDOC:
		return e.fromDOC(in)
	case FormatHTML:
		return fromHTML(in)
	default:
		return fromText(in)
	}
}

// Format is a document format as sniffed from its bytes.
type Format string

// The formats Extract reads.
const (
	FormatHTML Format = "html"
	FormatText Format = "text"
	FormatPDF  Format = "pdf"
	FormatDOCX Format = "docx"
	FormatDOC  Format = "doc"
)

// Sniff tells the format of a document from its first bytes, falling back
// on its name and content type. Bytes win: portals often send attachments
// as application/octet-stream or name them wrongly.
func Sniff(data []byte, name, contentType string) Format {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case bytes.HasPrefix(head, []byte("%PDF")):
		return FormatPDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatDOCX
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return FormatDOC
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return FormatDOC // RTF, often saved as .doc: LibreOffice converts it too
	}
	if t, ok := textenc.FromBOM(head); ok { // UTF-16 pages: look at the text, not the bytes
		head = t
	}
	lower := strings.ToLower(string(head))
	for _, tag := range []string{"<html", "<!doctype html", "<table", "<body", "<div", "<meta", "<p>", "<p "} {
		if strings.Contains(lower, tag) {
			return FormatHTML
		}
	}
	ct := strings.ToLower(contentType)
	n := strings.ToLower(name)
	switch {
	case strings.Contains(ct, "pdf") || strings.HasSuffix(n, ".pdf"):
		return FormatPDF
	case strings.Contains(ct, "html") || strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm") || strings.HasSuffix(n, ".shtml"):
		return FormatHTML
	}
	return FormatText
}
