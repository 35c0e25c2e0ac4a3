package extract

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// docxParser walks WordprocessingML as a token stream. Elements are matched
// by local name so that Strict OOXML (another namespace) reads the same.
// Runs inside w:sdt, w:smartTag, w:hyperlink, w:ins and w:fldSimple are read
// as any other run; deleted text (w:delText), field codes (w:instrText) and
// the fallback copy of mc:AlternateContent (text boxes come twice) are not.
type docxParser struct {
	grids  []Grid
	text   strings.Builder
	para   strings.Builder // the paragraph being read
	tables []*docxTable    // open tables, innermost last
	skip   int             // depth inside an element whose text is ignored
	inText bool            // inside w:t
}

// parseDocxXML reads the main document part.
func parseDocxXML(r io.Reader) ([]Grid, string, error) {
	p := &docxParser{}
	d := xml.NewDecoder(r)
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", err
		}
		if se, ok := tok.(xml.StartElement); ok && root {
			if se.Name.Local != "document" {
				return nil, "", fmt.Errorf("root element is %s: %w", se.Name.Local, errNotWord)
			}
			root = false
		}
		p.token(tok)
	}
	if root {
		return nil, "", errors.New("no document element")
	}
	return p.grids, p.text.String(), nil
}

// token handles one XML token.
func (p *docxParser) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		if p.skip > 0 || skippedElement(t.Name.Local) {
			p.skip++
			return
		}
		p.start(t)
	case xml.EndElement:
		if p.skip > 0 {
			p.skip--
			return
		}
		p.end(t.Name.Local)
	case xml.CharData:
		if p.skip == 0 && p.inText {
			p.para.Write(t)
		}
	}
}

// skippedElement names elements whose text is not part of the document as
// read: deleted runs, field codes, the duplicate fallback of a text box,
// and property blocks.
func skippedElement(local string) bool {
	switch local {
	case "delText", "instrText", "Fallback", "rPr", "pPr", "sectPr", "del", "moveFrom":
		return true
	}
	return false
}
