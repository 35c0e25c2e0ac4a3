package form

import (
	"strings"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/sheet"
)

// rowSpec is one row of table 三 in the order the form prints it.
type rowSpec struct {
	prefix string // key prefix, e.g. apply.granted
	label  string // labelKey of the row's own label (the last segment)
	grams  grams  // of label
	pairs  grams  // of label, in order
}

// colSpec is one column of tables 三 and 四 with the words that name it.
type colSpec struct {
	suffix string
	words  []string // any of these in the column's header names it
}

// applicantCols are table 三's columns in the form's order. 其他 is matched
// only as a whole label (法人或其他组织 contains it too).
var applicantCols = []colSpec{
	{"natural_person", []string{"自然人"}},
	{"commercial", []string{"商业", "企业"}},
	{"research", []string{"科研"}},
	{"social_welfare", []string{"公益"}},
	{"legal_services", []string{"法律服务"}},
	{"other_org", []string{"其他"}},
	{"total", []string{"总计", "合计"}},
}

// reviewGroups and reviewCols name table 四's fifteen columns.
var (
	reviewGroups = []string{"review", "lit_direct", "lit_after_review"}
	reviewCols   = []colSpec{
		{"upheld", []string{"维持"}},
		{"corrected", []string{"纠正"}},
		{"other", []string{"其他"}},
		{"pending", []string{"尚未", "审结"}},
		{"total", []string{"总计", "合计"}},
	}
)

// model is what extraction needs of the field list, built once per
// Extractor from touming.MustFields.
type model struct {
	fields touming.Fields
	byKey  map[string]touming.Field
	// rows21 and rows19 are table 三's rows; rows21other is the 2021 form
	// printed with the single （六）其他处理 row.
	rows21, rows19, rows21other []rowSpec
	active                      map[touming.Template][]activeSpec
	// keys lists each template's keys, and those of a 2021 report printed
	// with apply.other_total.
	keys21, keys19, keys21other []string
	// defs21, defs19 and defs21other are the sum checks of each.
	defs21, defs19, defs21other []checkDef
}

// activeSpec is one field of table 二 with its labels reduced for matching.
type activeSpec struct {
	field string // the canonical key it fills
	// rowG is the gram set of the row label; rowP and colP are the pair
	// sets of the row and column labels.
	rowG, rowP, colP grams
}

func newModel() *model {
	fs := touming.MustFields()
	m := &model{fields: fs, byKey: map[string]touming.Field{}, active: map[touming.Template][]activeSpec{}}
	for _, f := range fs {
		m.byKey[f.Key] = f
	}
	m.rows21 = applyRows(fs, touming.Template2021)
	m.rows19 = applyRows(fs, touming.Template2019)
	for _, r := range m.rows19 {
		if r.prefix == "apply.other_total" {
			m.rows21other = append(m.rows21other, r)
		}
	}
	m.rows21other = mergeOther(m.rows21, m.rows21other[0])
	m.keys21, m.keys19 = m.listKeys(touming.Template2021, false), m.listKeys(touming.Template2019, false)
	m.keys21other = m.listKeys(touming.Template2021, true)
	m.defs21, m.defs19, m.defs21other = checkDefs(m.rows21), checkDefs(m.rows19), checkDefs(m.rows21other)
	for _, t := range []touming.Template{touming.Template2021, touming.Template2019} {
		for _, f := range fs.For(t) {
			if f.Table == "二" {
				r, c := sheet.LabelKey(f.Row), sheet.LabelKey(f.Column)
				m.active[t] = append(m.active[t], activeSpec{field: f.Key, rowG: gramsOf(r), rowP: pairsOf(r), colP: pairsOf(c)})
			}
		}
	}
	return m
}

// applyRows lists table 三's rows of template t in spec order.
func applyRows(fs touming.Fields, t touming.Template) []rowSpec {
	var out []rowSpec
	seen := map[string]bool{}
	for _, f := range fs.For(t) {
		if f.Table != "三" {
			continue
		}
		p := f.Key[:strings.LastIndexByte(f.Key, '.')]
		if seen[p] {
			continue
		}
		seen[p] = true
		leaf := f.Row[strings.LastIndexByte(f.Row, '/')+1:]
		k := sheet.LabelKey(leaf)
		out = append(out, rowSpec{prefix: p, label: k, grams: gramsOf(k), pairs: pairsOf(k)})
	}
	return out
}

// mergeOther replaces the three （六） sub-rows of rows with the single row.
func mergeOther(rows []rowSpec, other rowSpec) []rowSpec {
	var out []rowSpec
	for _, r := range rows {
		switch {
		case r.prefix == "apply.other_no_correction":
			out = append(out, other)
		case strings.HasPrefix(r.prefix, "apply.other_"):
		default:
			out = append(out, r)
		}
	}
	return out
}

// defsFor lists the sum checks of a report of template t.
func (m *model) defsFor(t touming.Template, otherTotal bool) []checkDef {
	switch {
	case t == touming.Template2019:
		return m.defs19
	case otherTotal:
		return m.defs21other
	}
	return m.defs21
}

// keysFor lists every key a report of template t carries.
func (m *model) keysFor(t touming.Template, otherTotal bool) []string {
	switch {
	case t == touming.Template2019:
		return m.keys19
	case otherTotal:
		return m.keys21other
	}
	return m.keys21
}

// listKeys lists the keys of template t. A 2021 report printed with the
// single （六）其他处理 row also carries apply.other_total.* (its three
// sub-rows stay, as null).
func (m *model) listKeys(t touming.Template, otherTotal bool) []string {
	var out []string
	for _, f := range m.fields {
		if f.In(t) || (otherTotal && strings.HasPrefix(f.Key, "apply.other_total.")) {
			out = append(out, f.Key)
		}
	}
	return out
}
