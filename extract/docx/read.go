package docx

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
)

// maxDocxPart bounds the unpacked size of the document part, so that a
// zip bomb is refused rather than read into memory.
const maxDocxPart = 256 << 20

// ErrNotWord is returned for a zip archive without a Word document in it
// (an OpenDocument text, a spreadsheet, …).
var ErrNotWord = errors.New("zip archive holds no Word document")

// Read reads a .docx file as a sheet.Doc: its tables natively, spans
// expanded, its paragraphs as headings and body, titled by its body (else
// its document properties).
func Read(data []byte) (sheet.Doc, error) {
	w, err := read(data)
	if err != nil {
		return sheet.Doc{}, err
	}
	return w.b.Doc(sheet.TitleOf(w.title, w.b.BodyText())), nil
}

// read reads a .docx file's main part and title.
func read(data []byte) (*tableWalker, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open zip: %w: %w", err, touming.ErrCorrupt)
	}
	part, err := docxMainPart(zr)
	if err != nil {
		return nil, err
	}
	f, err := zr.Open(part)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w: %w", part, err, touming.ErrCorrupt)
	}
	defer f.Close()
	p := &docxParser{}
	if err := p.parse(io.LimitReader(f, maxDocxPart)); err != nil {
		if errors.Is(err, ErrNotWord) {
			return nil, err
		}
		return nil, fmt.Errorf("read %s: %w: %w", part, err, touming.ErrCorrupt)
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
	return "", ErrNotWord
}
