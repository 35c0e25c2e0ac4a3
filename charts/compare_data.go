package charts

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/touming/touming"
)

// countyYear is one county's report for one year under the page's unit,
// or, for whole counties, the sum of its bodies' reports: the field values
// by key (nil for a blank cell).
type countyYear struct {
	ReportID int64 // 0 for a sum of several reports
	Agency   string
	Template string
	Values   map[string]*float64
	// Reports and Agencies are the reports summed and their bodies.
	Reports  []int64
	Agencies []int64
	// prefixed keeps sumPrefix's sums: every chart of table 三 asks for
	// them, for each county and year, once Values are complete. mu guards
	// it: the charts and the panels are built at once (compareData).
	mu       sync.Mutex
	prefixed map[string]*float64
}

// county is one county of the compared region.
type county struct {
	Code  string
	Name  string
	Years map[int]*countyYear
	// page is the link to its county page, made once: every chart's
	// points of a whole county link to it.
	page string
}

// compareData is the pivot of compare_values: counties in code order, each
// with its reports by year.
type compareData struct {
	Counties []*county
	Years    []int
	Sum      bool              // whole counties
	changed  map[string]string // see bodiesChanged
}

// pivotCompare groups compare_values rows by county and year. counties
// lists every county with a report of any body in the years, so that one
// with none of this unit shows "no report". With sum set the bodies of a
// county-year are added up (a blank cell is left out, not read as 0).
func pivotCompare(counties, t *touming.Table, sum bool) *compareData {
	x := newCountyIndex(counties, sum)
	col := colsOf(t)
	for _, r := range t.Rows {
		c := x.add(col.Str(r, "region_code"), col.Str(r, "county"))
		y := col.Int(r, "year")
		id := int64(col.Int(r, "report_id"))
		cy := c.Years[y]
		if cy == nil {
			cy = &countyYear{ReportID: id, Agency: col.Str(r, "agency"), Template: col.Str(r, "template"), Values: map[string]*float64{}}
			c.Years[y] = cy
		}
		if !cy.addReport(id, int64(col.Int(r, "agency_id")), sum) {
			continue // one report per county-year unless summing
		}
		cy.addValue(col.Str(r, "key"), col.Num(r, "value"), sum)
	}
	return x.done()
}

// countyIndex collects a pivot's counties by code: first those of
// compare_counties, then any other a row names.
type countyIndex struct {
	d      *compareData
	byCode map[string]*county
}

func newCountyIndex(counties *touming.Table, sum bool) *countyIndex {
	x := &countyIndex{d: &compareData{Sum: sum}, byCode: map[string]*county{}}
	for _, m := range rowMaps(counties) {
		x.add(m.Str("region_code"), m.Str("county"))
	}
	return x
}

// add returns the county of code, new (named name) if need be.
func (x *countyIndex) add(code, name string) *county {
	c := x.byCode[code]
	if c == nil {
		c = &county{Code: code, Name: name, Years: map[int]*countyYear{}, page: "/county/" + code}
		x.byCode[code] = c
		x.d.Counties = append(x.d.Counties, c)
	}
	return c
}

// done is the pivot, its counties in code order.
func (x *countyIndex) done() *compareData {
	sort.Slice(x.d.Counties, func(i, j int) bool { return x.d.Counties[i].Code < x.d.Counties[j].Code })
	return x.d
}

// addReport notes report id of agency; false when the county-year already
// has another report and reports are not summed.
func (cy *countyYear) addReport(id, agency int64, sum bool) bool {
	if len(cy.Reports) > 0 && cy.Reports[len(cy.Reports)-1] == id {
		return true
	}
	if len(cy.Reports) > 0 && !sum {
		return false
	}
	cy.Reports = append(cy.Reports, id)
	cy.Agencies = append(cy.Agencies, agency)
	cy.nameSum()
	return true
}

// nameSum names a county-year that sums several bodies' reports by their
// count, with no one report to link: one report stands for itself.
func (cy *countyYear) nameSum() {
	if len(cy.Reports) > 1 {
		cy.ReportID, cy.Agency = 0, fmt.Sprintf("%d 个机关", len(cy.Reports))
	}
}

// addValue sets, or with sum adds, one key's value; a blank stays blank
// unless another body has a number.
func (cy *countyYear) addValue(key string, v *float64, sum bool) {
	cur, seen := cy.Values[key]
	switch {
	case !seen || cur == nil:
		cy.Values[key] = v
	case sum && v != nil:
		t := *cur + *v
		cy.Values[key] = &t
	}
}

// value returns one key of a county-year, nil when the report or cell is
// missing.
func (cy *countyYear) value(key string) *float64 {
	if cy == nil {
		return nil
	}
	return cy.Values[key]
}

// sum adds the keys that have a value; nil when none has. A blank cell is
// left out rather than read as 0, and an all-blank group stays blank.
func (cy *countyYear) sum(keys ...string) *float64 {
	var total float64
	found := false
	for _, k := range keys {
		if v := cy.value(k); v != nil {
			total += *v
			found = true
		}
	}
	if !found {
		return nil
	}
	return &total
}

// sumPrefix adds the .total keys of every row whose key starts with prefix
// (e.g. apply.denied_ for the eight 不予公开 rows).
func (cy *countyYear) sumPrefix(prefix string) *float64 {
	if cy == nil {
		return nil
	}
	cy.mu.Lock()
	defer cy.mu.Unlock()
	if v, ok := cy.prefixed[prefix]; ok {
		return v
	}
	var keys []string
	for k := range cy.Values {
		if strings.HasPrefix(k, prefix) && strings.HasSuffix(k, ".total") {
			keys = append(keys, k)
		}
	}
	if cy.prefixed == nil {
		cy.prefixed = map[string]*float64{}
	}
	cy.prefixed[prefix] = cy.sum(keys...)
	return cy.prefixed[prefix]
}

// outcome is one group of table 三's results (办理结果).
type outcome struct {
	Label string
	Value func(*countyYear) *float64
}

// outcomes are the result groups of table 三 in the template's order.
// 其他处理 is its three rows on the 2021 template, or the single
// apply.other_total row of the 2019 template (and of some 2021 reports).
var outcomes = []outcome{
	{"予以公开", func(c *countyYear) *float64 { return c.value("apply.granted.total") }},
	{"部分公开", func(c *countyYear) *float64 { return c.value("apply.partial.total") }},
	{"不予公开", func(c *countyYear) *float64 { return c.sumPrefix("apply.denied_") }},
	{"无法提供", func(c *countyYear) *float64 { return c.sumPrefix("apply.unable_") }},
	{"不予处理", func(c *countyYear) *float64 { return c.sumPrefix("apply.rejected_") }},
	{"其他处理", otherOutcome},
}

func otherOutcome(c *countyYear) *float64 {
	if v := c.sum("apply.other_no_correction.total", "apply.other_unpaid_fee.total", "apply.other_other.total"); v != nil {
		return v
	}
	return c.value("apply.other_total.total")
}

// ratio is a/b, nil when either is nil or b is 0.
func ratio(a, b *float64) *float64 {
	if a == nil || b == nil || *b == 0 {
		return nil
	}
	r := *a / *b
	return &r
}

// add is a+b, nil when either is nil (the warehouse's formulas do the same).
func add(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	r := *a + *b
	return &r
}

// sub is a-b, nil when either is nil.
func sub(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	r := *a - *b
	return &r
}

// disclosureRate is 公开率 = (予以公开 + 部分公开) / 办理结果总计, the
// warehouse's report_metrics.disclosure_rate formula.
func disclosureRate(c *countyYear) *float64 {
	return ratio(add(c.value("apply.granted.total"), c.value("apply.partial.total")), c.value("apply.total_processed.total"))
}

// reviewCorrectionRate is 复议纠错率 = 结果纠正 / (总计 − 尚未审结).
func reviewCorrectionRate(c *countyYear) *float64 {
	return ratio(c.value("review.corrected"), sub(c.value("review.total"), c.value("review.pending")))
}

// litLossRate is 诉讼败诉率 over both litigation groups:
// 结果纠正 / (总计 − 尚未审结), each summed over 直接起诉 and 复议后起诉.
func litLossRate(c *countyYear) *float64 {
	corrected := add(c.value("lit_direct.corrected"), c.value("lit_after_review.corrected"))
	decided := add(sub(c.value("lit_direct.total"), c.value("lit_direct.pending")),
		sub(c.value("lit_after_review.total"), c.value("lit_after_review.pending")))
	return ratio(corrected, decided)
}

// litTotal is the litigation cases of both groups.
func litTotal(c *countyYear) *float64 {
	return c.sum("lit_direct.total", "lit_after_review.total")
}

// percent scales a ratio to a percentage for charts.
func percent(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p * 100
	return &v
}

// trend is one series per county over the years.
func (d *compareData) trend(f func(*countyYear) *float64) []series {
	out := make([]series, len(d.Counties))
	for i, c := range d.Counties {
		s := series{Name: c.Name, Values: make([]*float64, len(d.Years))}
		for j, y := range d.Years {
			if cy := c.Years[y]; cy != nil {
				s.Values[j] = f(cy)
			}
		}
		out[i] = s
	}
	return out
}

// keyFunc returns the value of one field key.
func keyFunc(key string) func(*countyYear) *float64 {
	return func(c *countyYear) *float64 { return c.value(key) }
}
