package pdf

import (
	"fmt"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
)

// pdfRule is a drawn line of a table's ruling: a thin horizontal or
// vertical path (or a thin filled rectangle, as many producers draw
// borders), in display coordinates.
type pdfRule struct {
	horiz bool
	at    float64 // y of a horizontal rule, x of a vertical one
	from  float64 // its extent along the other axis
	to    float64
}

// Rule shape limits, in points: thinner than pdfRuleThin across, longer
// than pdfRuleMin along.
const (
	pdfRuleThin = 2.5
	pdfRuleMin  = 4.0
	// pdfMaxObjects bounds the page objects inspected, so that a page of
	// vector art cannot stall the reader.
	pdfMaxObjects = 50000
)

// pdfMatrix is a PDF transformation [a b c d e f].
type pdfMatrix [6]float64

var pdfIdentity = pdfMatrix{1, 0, 0, 1, 0, 0}

// apply maps a point.
func (m pdfMatrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// then is m followed by n.
func (m pdfMatrix) then(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pdfRuleReader collects a page's rules.
type pdfRuleReader struct {
	inst   pdfium.Pdfium
	rot    pdfRotation
	rules  []pdfRule
	budget int // page objects and path segments left to inspect
}

// pdfReadRules collects the ruling lines of a page, looking into form
// XObjects too (some producers wrap a whole page in one).
func pdfReadRules(inst pdfium.Pdfium, page requests.Page, rot pdfRotation) ([]pdfRule, error) {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return nil, fmt.Errorf("count objects: %w", err)
	}
	rr := &pdfRuleReader{inst: inst, rot: rot, budget: pdfMaxObjects}
	for i := range min(n.Count, pdfMaxObjects) {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		rr.object(o.PageObject, pdfIdentity, 0)
	}
	return rr.rules, nil
}

// object adds the rules of one page object: a path, or a form's paths.
// parent maps the object's space to the page.
func (rr *pdfRuleReader) object(o references.FPDF_PAGEOBJECT, parent pdfMatrix, depth int) {
	if rr.budget--; rr.budget < 0 {
		return
	}
	t, err := rr.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o})
	if err != nil {
		return
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_PATH:
		rr.path(o, parent)
	case enums.FPDF_PAGEOBJ_FORM:
		if depth < 3 {
			rr.form(o, parent, depth)
		}
	}
}

// form walks the objects of a form XObject.
func (rr *pdfRuleReader) form(o references.FPDF_PAGEOBJECT, parent pdfMatrix, depth int) {
	m, err := rr.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: o})
	if err != nil {
		return
	}
	inner := pdfMatrixOf(m.Matrix).then(parent)
	n, err := rr.inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: o})
	if err != nil {
		return
	}
	for i := range n.Count {
		c, err := rr.inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: o, Index: uint64(i)})
		if err == nil {
			rr.object(c.PageObject, inner, depth+1)
		}
	}
}

// pdfMatrixOf converts PDFium's matrix.
func pdfMatrixOf(m structs.FPDF_FS_MATRIX) pdfMatrix {
	return pdfMatrix{float64(m.A), float64(m.B), float64(m.C), float64(m.D), float64(m.E), float64(m.F)}
}

// path adds a path's rules: a thin path is one rule; a larger one (a
// cell's rectangle, or a whole grid stroked as one path) gives a rule for
// each of its straight, axis-aligned segments.
func (rr *pdfRuleReader) path(o references.FPDF_PAGEOBJECT, parent pdfMatrix) {
	b, err := rr.inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o})
	if err != nil {
		return
	}
	x0, y0 := parent.apply(float64(b.Left), float64(b.Bottom))
	x1, y1 := parent.apply(float64(b.Right), float64(b.Top))
	box := rr.rot.apply(pdfGlyph{left: min(x0, x1), right: max(x0, x1), bottom: min(y0, y1), top: max(y0, y1)})
	if r, ok := pdfRuleOf(box); ok {
		rr.rules = append(rr.rules, r)
		return
	}
	if box.right-box.left >= pdfRuleMin && box.top-box.bottom >= pdfRuleMin {
		rr.segments(o, parent)
	}
}

// segments adds the straight axis-aligned segments of a path as rules.
func (rr *pdfRuleReader) segments(o references.FPDF_PAGEOBJECT, parent pdfMatrix) {
	m, err := rr.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: o})
	if err != nil {
		return
	}
	toPage := pdfMatrixOf(m.Matrix).then(parent)
	n, err := rr.inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: o})
	if err != nil {
		return
	}
	var start, cur [2]float64
	for i := range n.Count {
		if rr.budget--; rr.budget < 0 {
			return
		}
		seg, ok := rr.segment(o, i, toPage)
		if !ok {
			return
		}
		if seg.kind == enums.FPDF_SEGMENT_LINETO {
			rr.line(cur, seg.pt)
		}
		if seg.kind == enums.FPDF_SEGMENT_MOVETO {
			start = seg.pt
		}
		cur = seg.pt
		if seg.close {
			rr.line(cur, start)
			cur = start
		}
	}
}

// pdfSegment is one segment of a path, its end point on the page.
type pdfSegment struct {
	kind  enums.FPDF_SEGMENT
	pt    [2]float64
	close bool
}

// segment reads segment i of a path, its point mapped to the page.
func (rr *pdfRuleReader) segment(o references.FPDF_PAGEOBJECT, i int, toPage pdfMatrix) (pdfSegment, bool) {
	s, err := rr.inst.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: o, Index: i})
	if err != nil {
		return pdfSegment{}, false
	}
	p, err := rr.inst.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: s.PathSegment})
	if err != nil {
		return pdfSegment{}, false
	}
	k, err := rr.inst.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: s.PathSegment})
	if err != nil {
		return pdfSegment{}, false
	}
	c, err := rr.inst.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: s.PathSegment})
	if err != nil {
		return pdfSegment{}, false
	}
	x, y := toPage.apply(float64(p.X), float64(p.Y))
	return pdfSegment{kind: k.Type, pt: [2]float64{x, y}, close: c.IsClose}, true
}

// line adds the segment from a to b when it is a rule.
func (rr *pdfRuleReader) line(a, b [2]float64) {
	box := rr.rot.apply(pdfGlyph{left: min(a[0], b[0]), right: max(a[0], b[0]), bottom: min(a[1], b[1]), top: max(a[1], b[1])})
	if r, ok := pdfRuleOf(box); ok {
		rr.rules = append(rr.rules, r)
	}
}

// pdfRuleOf tells whether a box is a rule, and which.
func pdfRuleOf(b pdfGlyph) (pdfRule, bool) {
	w, h := b.right-b.left, b.top-b.bottom
	switch {
	case h <= pdfRuleThin && w >= pdfRuleMin:
		return pdfRule{horiz: true, at: (b.top + b.bottom) / 2, from: b.left, to: b.right}, true
	case w <= pdfRuleThin && h >= pdfRuleMin:
		return pdfRule{at: (b.left + b.right) / 2, from: b.bottom, to: b.top}, true
	}
	return pdfRule{}, false
}
