package charts

import "github.com/touming/touming"

// pivotSums builds the whole-county data (unit county) from compare_sums,
// whose totals the database adds up: the same compareData as pivotCompare
// with sum set gives for compare_values' rows of every body, without the
// page reading each report's cells (at a million reports a province has
// tens of thousands). Report rows (no key) come first for each county-year,
// in report order: the first one's id, agency and template stand for the
// total while it sums one report.
func pivotSums(counties, t *touming.Table) *compareData {
	x := newCountyIndex(counties, true)
	col := colsOf(t)
	for _, r := range t.Rows {
		c := x.add(col.Str(r, "region_code"), col.Str(r, "county"))
		y := col.Int(r, "year")
		cy := c.Years[y]
		if col.get(r, "key") == nil {
			id := int64(col.Int(r, "report_id"))
			if cy == nil {
				cy = &countyYear{ReportID: id, Agency: col.Str(r, "agency"), Template: col.Str(r, "template"), Values: map[string]*float64{}}
				c.Years[y] = cy
			}
			cy.addReport(id, int64(col.Int(r, "agency_id")), true)
			continue
		}
		if cy != nil { // a county-year's keys follow its reports
			cy.Values[col.Str(r, "key")] = col.Num(r, "value")
		}
	}
	return x.done()
}
