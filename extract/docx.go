package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"

	"github.com/touming/touming/extract/form"
)

// maxDocxPart bounds the unpacked size of the document part, so that a
// zip bomb is refused rather than read into memory.
const maxDocxPart = 256 << 20

// fromDOCX reads a Word document's tables natively, spans expanded, with
// its paragraphs for the headings and metadata.
func (e *Extractor) fromDOCX(in Input) (*touming.Report, error) {
	w, err := readDOCX(in.Data)
	if err != nil {
		if errors.Is(err, errNotWord) {
			return e.convertOther(in, err)
		}
		return nil, fmt.Errorf("docx: %w", err)
	}
	return w.report()
}

// report reads the walked document as a report.
func (w *tableWalker) report() (*touming.Report, error) { return form.Read(w.doc()) }

// doc is the walked document, titled by its body (or its properties).
func (w *tableWalker) doc() sheet.Doc { return w.b.Doc(sheet.TitleOf(w.title, w.b.BodyText())) }

// errNotWord: a zip archive without a Word document in it.
var errNotWord = errors.New("zip archive holds no Word document")

// readDOCX reads a .docx file's main part and title.
func readDOCX(data []byte) (*tableWalker, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open zip: %v: %w", err, touming.ErrCorrupt)
	}
	part, err := docxMainPart(zr)
	if err != nil {
		return nil, err
	}
	f, err := zr.Open(part)
	if err != nil {
		return nil, fmt.Errorf("open %s: %v: %w", part, err, touming.ErrCorrupt)
	}
	defer f.Close()
	p := &docxParser{}
	if err := p.parse(io.LimitReader(f, maxDocxPart)); err != nil {
		if errors.Is(err, errNotWord) {
			return nil, err
		}
		return nil, fmt.Errorf("read %s: %v: %w", part, err, touming.ErrCorrupt)
	}
	w := &tableWalker{title: docxTitle(zr)}
	w.walk(p.body)
	return w, nil
}

// docxTitle is the title in the document properties, often empty; like
// an HTML page's <title>, a fallback for the title printed in the body.
func docxTitle(zr *zip.Reader) string {
	f, err := zr.Open("docProps/core.xml")
	if err != nil {
		return ""
	}
	defer f.Close()
	var core struct {
		Title string `xml:"title"`
	}
	if xml.NewDecoder(io.LimitReader(f, 1<<20)).Decode(&core) != nil {
		return ""
	}
	return core.Title
}

// docxMainPart finds the main document part through the package
// relationships (usually word/document.xml, but not always).
func docxMainPart(zr *zip.Reader) (string, error) {
	if f, err := zr.Open("_rels/.rels"); err == nil {
		defer f.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.NewDecoder(f).Decode(&rels); err == nil {
			for _, r := range rels.Rel {
				if strings.HasSuffix(r.Type, "/officeDocument") {
					return path.Clean(strings.TrimPrefix(r.Target, "/")), nil
				}
			}
		}
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return f.Name, nil
		}
	}
	return "", errNotWord
}
