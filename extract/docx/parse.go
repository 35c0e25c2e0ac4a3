package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// docxBlock is one paragraph or one table of a document body or table cell.
type docxBlock struct {
	para  string
	table *docxTable
}

// docxParser walks WordprocessingML as a token stream into a tree of
// blocks. Elements are matched by local name so that Strict OOXML (another
// namespace) reads the same. Runs inside w:sdt, w:smartTag, w:hyperlink,
// w:ins and w:fldSimple are read as any other run; deleted text, field
// codes and the fallback copy of mc:AlternateContent (a text box comes
// twice) are not.
type docxParser struct {
	body   []docxBlock
	para   strings.Builder // the paragraph being read
	tables []*docxTable    // open tables, innermost last
	skip   int             // depth inside an element whose text is ignored
	inText bool            // inside w:t
	ids    int             // cell ids, unique in the document
}

// parse reads the main document part into blocks.
func (p *docxParser) parse(r io.Reader) error {
	d := xml.NewDecoder(r)
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && root {
			if se.Name.Local != "document" {
				return fmt.Errorf("root element is %s: %w", se.Name.Local, ErrNotWord)
			}
			root = false
		}
		p.token(tok)
	}
	if root {
		return errors.New("no document element")
	}
	return nil
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
// and property blocks of paragraphs, runs and sections.
func skippedElement(local string) bool {
	switch local {
	case "delText", "instrText", "Fallback", "rPr", "pPr", "sectPr", "del", "moveFrom":
		return true
	}
	return false
}

// add appends a block to the innermost open cell, or to the body.
func (p *docxParser) add(b docxBlock) {
	if tb := p.table(); tb != nil {
		if tb.cell != nil {
			tb.cell.blocks = append(tb.cell.blocks, b)
		}
		return
	}
	p.body = append(p.body, b)
}

// table is the innermost open table, or nil.
func (p *docxParser) table() *docxTable {
	if len(p.tables) == 0 {
		return nil
	}
	return p.tables[len(p.tables)-1]
}
