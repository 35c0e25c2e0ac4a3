package charts

import (
	"cmp"
	"slices"

	"github.com/touming/touming"
)

// pivotSums builds the whole-county data (unit county) from compare_sums,
// whose totals the database adds up: the same compareData as pivotCompare
// with sum set gives for compare_values' rows of every body, without the
// page reading each report's cells (at a million reports a province has
// tens of thousands). The rows come in any order (sorting 100 k of them
// took the database more time than the rest of the query, issue 17): the
// report rows (no key) are read first, and each county-year's reports
// are put in report order, so that the first one's id, agency and
// template stand for the total while it sums one report. Then the key
// rows fill the totals, their numbers in one backing array.
func pivotSums(counties, t *touming.Table) *compareData {
	p := newSumsPivot(counties, t)
	keyRows := 0
	for _, r := range t.Rows {
		if p.at(r, p.key) != nil {
			keyRows++
			continue
		}
		p.report(r)
	}
	p.settleReports(keyRows)
	numbers := make([]float64, 0, keyRows)
	for _, r := range t.Rows {
		if p.at(r, p.key) != nil {
			numbers = p.total(r, numbers)
		}
	}
	return p.x.done()
}

// sumsPivot is pivotSums' state: compare_sums' column indexes (-1 when
// missing), the counties and the county-years made so far.
type sumsPivot struct {
	x                                                            *countyIndex
	id, code, name, agencyID, agency, year, template, key, value int
	// last is the county of the previous row: rows come in runs of one
	// county.
	last  *county
	years []*countyYear
	// ranks are the positions, in compare_sums' old order, of the rows
	// that named the counties compare_counties did not list: such a
	// county is named by its first row in that order.
	ranks map[string]sumsRank
}

// sumsReport is one body's report of a county-year.
type sumsReport struct{ id, agency int64 }

// sumsRank orders compare_sums' rows as its ORDER BY once did: by year,
// then report rows (in report order) before key rows (in key order).
type sumsRank struct {
	year  int
	isKey bool
	id    int64
	key   string
}

func (a sumsRank) less(b sumsRank) bool {
	if a.year != b.year {
		return a.year < b.year
	}
	if a.isKey != b.isKey {
		return !a.isKey
	}
	if a.id != b.id {
		return a.id < b.id
	}
	return a.key < b.key
}

func newSumsPivot(counties, t *touming.Table) *sumsPivot {
	at := func(name string) int { return column(t, name) }
	return &sumsPivot{x: newCountyIndex(counties, true), id: at("report_id"), code: at("region_code"), name: at("county"),
		agencyID: at("agency_id"), agency: at("agency"), year: at("year"), template: at("template"), key: at("key"),
		value: at("value"), ranks: map[string]sumsRank{}}
}

// at is column i of row r, nil when the table has no such column.
func (p *sumsPivot) at(r []any, i int) any {
	if i < 0 {
		return nil
	}
	return r[i]
}

// county returns the county of row r, at rank, new if need be.
func (p *sumsPivot) county(r []any, rank sumsRank) *county {
	code := valueStr(p.at(r, p.code))
	if p.last != nil && p.last.Code == code {
		if _, named := p.ranks[code]; !named {
			return p.last
		}
	}
	c := p.x.byCode[code]
	if c == nil {
		c = p.x.add(code, valueStr(p.at(r, p.name)))
		p.ranks[code] = rank
	} else if old, ok := p.ranks[code]; ok && rank.less(old) {
		c.Name, p.ranks[code] = valueStr(p.at(r, p.name)), rank
	}
	p.last = c
	return c
}

// report notes one report row: the county-year is made by its first one,
// and stands for the report of least id.
func (p *sumsPivot) report(r []any) {
	y := valueInt(p.at(r, p.year))
	id := int64(valueInt(p.at(r, p.id)))
	c := p.county(r, sumsRank{year: y, id: id})
	cy := c.Years[y]
	if cy == nil {
		cy = &countyYear{ReportID: id}
		c.Years[y] = cy
		p.years = append(p.years, cy)
	}
	cy.Reports = append(cy.Reports, id)
	cy.Agencies = append(cy.Agencies, int64(valueInt(p.at(r, p.agencyID))))
	if id <= cy.ReportID {
		cy.ReportID, cy.Agency, cy.Template = id, valueStr(p.at(r, p.agency)), valueStr(p.at(r, p.template))
	}
}

// settleReports puts each county-year's reports in report order (the
// same report twice counted once) and makes its map of totals, sized for
// its share of the keyRows.
func (p *sumsPivot) settleReports(keyRows int) {
	hint := 0
	if len(p.years) > 0 {
		hint = keyRows/len(p.years) + 1
	}
	for _, cy := range p.years {
		if !increasing(cy.Reports) {
			inOrder(cy)
		}
		cy.nameSum()
		cy.Values = make(map[string]*float64, hint)
	}
}

// increasing reports whether ids are in order, none twice.
func increasing(ids []int64) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return false
		}
	}
	return true
}

// inOrder sorts a county-year's reports, and their bodies with them, by
// id, and keeps one of each.
func inOrder(cy *countyYear) {
	reps := make([]sumsReport, len(cy.Reports))
	for i, id := range cy.Reports {
		reps[i] = sumsReport{id, cy.Agencies[i]}
	}
	slices.SortStableFunc(reps, func(a, b sumsReport) int { return cmp.Compare(a.id, b.id) })
	reps = slices.CompactFunc(reps, func(a, b sumsReport) bool { return a.id == b.id })
	cy.Reports, cy.Agencies = cy.Reports[:len(reps)], cy.Agencies[:len(reps)]
	for i, r := range reps {
		cy.Reports[i], cy.Agencies[i] = r.id, r.agency
	}
}

// total sets one key row's total on its county-year (none when the
// county-year has no report: such a total sums no body), its number kept
// in numbers, which has room for every key row.
func (p *sumsPivot) total(r []any, numbers []float64) []float64 {
	y := valueInt(p.at(r, p.year))
	key := valueStr(p.at(r, p.key))
	cy := p.county(r, sumsRank{year: y, isKey: true, key: key}).Years[y]
	if cy == nil {
		return numbers
	}
	v, ok := number(p.at(r, p.value))
	if !ok {
		cy.Values[key] = nil
		return numbers
	}
	numbers = append(numbers, v)
	cy.Values[key] = &numbers[len(numbers)-1]
	return numbers
}
