// Package extract turns one report document (HTML, text, PDF, Word) into a
// touming.Report: the canonical fields of its standard tables, each cell's
// raw text and place, and the checking relations (勾稽关系).
//
// It is a facade over packages with walls between them:
//
//	extract         Sniff → a reader → form.Read; the choice between a
//	                PDF's two readings; .doc/.rtf/.odt → soffice → docx
//	extract/sheet   the one intermediate model (Doc, Line, Cell, Kind), the
//	                value parser, label folding, the text splitter and the
//	                Builder every structured reader feeds; imports the root only
//	extract/form    the national form: sheet.Doc → *touming.Report (templates,
//	                anchors, tables 二/三/四, records and alignment, meta, checks)
//	extract/html    report pages → Doc (x/net/html; grids with spans expanded)
//	extract/docx    .docx → Doc (encoding/xml)
//	extract/pdf     PDF → two Docs, ruled tables and laid-out text (PDFium in
//	                wazero); see its doc for the layout round trip
//	extract/soffice legacy Word → .docx through LibreOffice
//	extract/ocr     pictures of tables (a page's <img>, a scanned PDF page
//	                PDFium drew) → Doc, through Tesseract's command line
//
// Text needs no reader of its own: sheet.FromLines cuts it into lines. The
// imports run one way (TestImportWalls): form → sheet; each reader → sheet
// and its library; no reader imports the form or another reader. A portal's
// bug is then placed at once: in a reader when its Doc is wrong (the reader
// goldens print Docs as text), in the form when the Doc is right and the
// numbers are not.
//
// extract is pure: bytes in, records out. It does no network and no
// database work. The only state an Extractor keeps is what is costly to
// start (the PDF engine), so one Extractor serves a whole process.
package extract

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/ocr"
	"github.com/touming/touming/extract/pdf"
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
	// Images are the page's pictures by their src as the page writes it,
	// for a page whose tables are pictures (see NeedImagesError).
	Images map[string][]byte
}

// Config holds the Extractor's settings.
type Config struct {
	// Soffice is the LibreOffice binary used to convert legacy .doc files;
	// empty means look for soffice or libreoffice on PATH.
	Soffice string
	// OCR reads tables that are pictures; nil means OCR is unavailable and
	// such documents keep the status no_tables or no_text.
	OCR *ocr.Reader
}

// Extractor reads report documents. It is safe for concurrent use.
type Extractor struct {
	cfg Config
	pdf pdf.Engine // started on the first PDF
}

// New returns an Extractor. Engines start lazily on first use.
func New(cfg Config) *Extractor { return &Extractor{cfg: cfg} }

// Close releases the engines the Extractor started.
func (e *Extractor) Close() error { return e.pdf.Close() }

// Extract reads one document. On failure the error wraps one of touming's
// reason errors (ErrNotReport, ErrNoTables, …) where one applies, and names
// in.Name.
func (e *Extractor) Extract(in Input) (*touming.Report, error) {
	if len(in.Data) == 0 {
		return nil, fmt.Errorf("extract %s: %w", in.Name, touming.ErrEmpty)
	}
	r, err := e.extract(in)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", in.Name, err)
	}
	if r.Meta.Published == "" {
		r.Meta.Published, r.Meta.PublishedFrom = urlDate(in.Name)
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
		r, err := fromHTML(in)
		return e.orImages(in, r, err)
	case FormatImage:
		return e.fromImageFile(in)
	default:
		return fromText(in)
	}
}

// Format is a document format as sniffed from its bytes.
type Format string

// The formats Extract reads.
const (
	FormatHTML  Format = "html"
	FormatText  Format = "text"
	FormatPDF   Format = "pdf"
	FormatDOCX  Format = "docx"
	FormatDOC   Format = "doc"
	FormatImage Format = "image" // PNG, JPEG, GIF, BMP, TIFF, WebP: read by OCR
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
	case isImage(head):
		return FormatImage
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
