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
)

// maxDocxPart bounds the unpacked size of the document part, so that a
// zip bomb is refused rather than read into memory.
const maxDocxPart = 256 << 20

// fromDOCX reads a Word document's tables natively, spans expanded, and
// hands them with the document's text to the table reader.
func (e *Extractor) fromDOCX(in Input) (*touming.Report, error) {
	grids, text, err := readDOCX(in.Data)
	if err != nil {
		if errors.Is(err, errNotWord) {
			return e.convertOther(in, err)
		}
		return nil, fmt.Errorf("docx: %w", err)
	}
	return fromGrids(in.Name, grids, text)
}

// errNotWord: a zip archive without a Word document in it.
var errNotWord = errors.New("zip archive holds no Word document")

// readDOCX returns the tables and the paragraph text of a .docx file.
func readDOCX(data []byte) ([]Grid, string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", fmt.Errorf("open zip: %v: %w", err, touming.ErrCorrupt)
	}
	part, err := docxMainPart(zr)
	if err != nil {
		return nil, "", err
	}
	f, err := zr.Open(part)
	if err != nil {
		return nil, "", fmt.Errorf("open %s: %v: %w", part, err, touming.ErrCorrupt)
	}
	defer f.Close()
	grids, text, err := parseDocxXML(io.LimitReader(f, maxDocxPart))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %v: %w", part, err, touming.ErrCorrupt)
	}
	return grids, text, nil
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
