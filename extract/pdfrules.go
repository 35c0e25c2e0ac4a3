package extract

import (
	"fmt"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
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

// pdfReadRules collects the ruling lines of a page, looking into form
// XObjects too (some producers wrap a whole page in one).
func pdfReadRules(inst pdfium.Pdfium, page requests.Page, rot pdfRotation) ([]pdfRule, error) {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return nil, fmt.Errorf("count objects: %w", err)
	}
	var objs []references.FPDF_PAGEOBJECT
	for i := range min(n.Count, pdfMaxObjects) {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		objs = append(objs, o.PageObject)
	}
	var rules []pdfRule
	budget := pdfMaxObjects
	for _, o := range objs {
		rules = pdfObjectRules(inst, o, rot, rules, 0, &budget)
	}
	return rules, nil
}

// pdfObjectRules adds the rules of one page object (a path, or a form's
// paths) to rules.
func pdfObjectRules(inst pdfium.Pdfium, o references.FPDF_PAGEOBJECT, rot pdfRotation, rules []pdfRule, depth int, budget *int) []pdfRule {
	if *budget--; *budget < 0 {
		return rules
	}
	t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o})
	if err != nil {
		return rules
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_PATH:
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o})
		if err != nil {
			return rules
		}
		g := rot.apply(pdfGlyph{left: float64(b.Left), right: float64(b.Right), bottom: float64(b.Bottom), top: float64(b.Top)})
		if r, ok := pdfRuleOf(g); ok {
			rules = append(rules, r)
		}
	case enums.FPDF_PAGEOBJ_FORM:
		if depth >= 3 {
			return rules
		}
		n, err := inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: o})
		if err != nil {
			return rules
		}
		for i := range n.Count {
			c, err := inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: o, Index: uint64(i)})
			if err == nil {
				rules = pdfObjectRules(inst, c.PageObject, rot, rules, depth+1, budget)
			}
		}
	}
	return rules
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
