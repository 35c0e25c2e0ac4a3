package pdf

import (
	"fmt"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// pdfGlyph is one printed character of a PDF page and its box in display
// coordinates: points, x to the right, y up, the page's /Rotate applied.
type pdfGlyph struct {
	r                        rune
	left, right, bottom, top float64
	// sp: a space character came just before it in the content stream,
	// so a word break is kept even where the gap is narrow.
	sp bool
}

// pdfPage is the text layer of one page.
type pdfPage struct {
	glyphs []pdfGlyph
	rules  []pdfRule // the lines drawn, for ruled tables
}

// pdfReadPage reads the glyphs of page i (0-based) with their loose boxes
// (font ascent to descent, advance width): uniform per font, so the glyphs
// of one line share a band whatever their shape (一 is as tall as 国).
func pdfReadPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (pdfPage, error) {
	page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: i}}
	rot, err := pdfPageRotation(inst, page)
	if err != nil {
		return pdfPage{}, err
	}
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return pdfPage{}, fmt.Errorf("load text: %w", err)
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return pdfPage{}, fmt.Errorf("count chars: %w", err)
	}
	pg, err := pdfReadGlyphs(inst, tp.TextPage, n.Count, rot)
	if err != nil {
		return pdfPage{}, err
	}
	pg.rules, err = pdfReadRules(inst, page, rot)
	return pg, err
}

// pdfReadGlyphs reads n characters of a text page, keeping the printable ones.
func pdfReadGlyphs(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, n int, rot pdfRotation) (pdfPage, error) {
	pg := pdfPage{glyphs: make([]pdfGlyph, 0, n)}
	sp := false
	unmapped := 0
	for k := range n {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: k})
		if err != nil {
			return pdfPage{}, fmt.Errorf("char %d: %w", k, err)
		}
		r := rune(u.Unicode)
		if r == 0 || unicode.Is(unicode.Co, r) {
			unmapped++ // a glyph of a font without a Unicode mapping
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == 0xFFFE {
			sp = sp || unicode.Is(unicode.Zs, r)
			continue
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: k})
		if err != nil {
			continue // PDFium has no box for it: nothing to place
		}
		b := box.Rect
		pg.glyphs = append(pg.glyphs, rot.apply(pdfGlyph{r: r, sp: sp,
			left: float64(b.Left), right: float64(b.Right), bottom: float64(b.Bottom), top: float64(b.Top)}))
		sp = false
	}
	if unmapped > len(pg.glyphs) {
		// Mostly glyphs that map to no character: the text cannot be
		// read, and the page is as good as a scan (OCR may read it).
		pg.glyphs = nil
	}
	return pg, nil
}

// pdfRotation maps page coordinates to display coordinates for a page with a
// /Rotate of quarter turns clockwise. Only relative positions matter to the
// layout, so the origin may move.
type pdfRotation int

// pdfPageRotation reads a page's /Rotate.
func pdfPageRotation(inst pdfium.Pdfium, page requests.Page) (pdfRotation, error) {
	r, err := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page})
	if err != nil {
		return 0, fmt.Errorf("pdfRotation: %w", err)
	}
	return pdfRotation(int(r.PageRotation) % 4), nil
}

// apply turns a pdfGlyph's box as the page is displayed.
func (rot pdfRotation) apply(g pdfGlyph) pdfGlyph {
	x0, y0 := rot.point(g.left, g.bottom)
	x1, y1 := rot.point(g.right, g.top)
	g.left, g.right = min(x0, x1), max(x0, x1)
	g.bottom, g.top = min(y0, y1), max(y0, y1)
	return g
}

// point maps one point of the page to the display.
func (rot pdfRotation) point(x, y float64) (float64, float64) {
	switch rot {
	case 1: // 90° clockwise: the page's left edge is shown at the top
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}
