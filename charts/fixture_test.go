package charts

import (
	"sort"

	"github.com/touming/touming"
)

// countyFixture is one county's numbers in one year of the compare
// fixture; nil is a blank cell.
type countyFixture struct {
	code, name string
	year       int
	id         int64
	values     map[string]*float64
}

// fixtureCounties: three counties of 新乡市 over 2022 and 2023. 原阳县 has
// too few applications in 2023 to be ranked, and 获嘉县's 2023 行政处罚
// cell is blank.
func fixtureCounties() []countyFixture {
	mk := func(code, name string, year int, id int64, granted, partial, denied, processed, newRecv, reviewTotal, reviewCorr, reviewPend float64, penalty *float64) countyFixture {
		return countyFixture{code, name, year, id, map[string]*float64{
			"active.normative.issued":         f(5),
			"active.normative.in_force":       f(40),
			"active.licensing.decisions":      f(1200),
			"active.penalty.decisions":        penalty,
			"active.coercion.decisions":       f(3),
			"active.fees.amount":              f(12.5),
			"apply.new_received.total":        f(newRecv),
			"apply.granted.total":             f(granted),
			"apply.partial.total":             f(partial),
			"apply.denied_state_secret.total": f(denied),
			"apply.denied_third_party.total":  f(0),
			"apply.unable_not_held.total":     f(processed - granted - partial - denied),
			"apply.total_processed.total":     f(processed),
			"apply.other_no_correction.total": f(0),
			"review.total":                    f(reviewTotal),
			"review.corrected":                f(reviewCorr),
			"review.pending":                  f(reviewPend),
			"lit_direct.total":                f(2),
			"lit_direct.corrected":            f(1),
			"lit_direct.pending":              f(0),
			"lit_after_review.total":          f(0),
			"lit_after_review.corrected":      f(0),
			"lit_after_review.pending":        f(0),
		}}
	}
	return []countyFixture{
		mk("410721", "新乡县", 2022, 1, 40, 10, 5, 80, 82, 4, 1, 0, f(300)),
		mk("410721", "新乡县", 2023, 2, 60, 12, 4, 90, 91, 6, 2, 2, f(310)),
		mk("410724", "获嘉县", 2022, 3, 20, 5, 2, 30, 30, 2, 0, 0, f(120)),
		mk("410724", "获嘉县", 2023, 4, 25, 5, 1, 40, 41, 3, 3, 0, nil),
		mk("410725", "原阳县", 2022, 5, 10, 0, 0, 25, 25, 0, 0, 0, f(80)),
		mk("410725", "原阳县", 2023, 6, 12, 0, 0, 12, 12, 0, 0, 0, f(90)),
	}
}

// compareValuesTable is fixtureCounties as compare_values returns them.
func compareValuesTable() *touming.Table {
	t := &touming.Table{Columns: []string{"report_id", "region_code", "county", "agency_id", "agency", "year", "template", "key", "value"}}
	for _, c := range fixtureCounties() {
		keys := make([]string, 0, len(c.values))
		for k := range c.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var v any
			if p := c.values[k]; p != nil {
				v = *p
			}
			t.Rows = append(t.Rows, []any{c.id, c.code, c.name, agencyOf(c.code), c.name + "人民政府", int32(c.year), "2021", k, v})
		}
	}
	return t
}

// agencyOf is the fixture's agency id of a county's government.
func agencyOf(code string) int64 {
	return map[string]int64{"410721": 11, "410724": 12, "410725": 13}[code]
}

// loadedDB is a memDB holding the fixture for every page.
func loadedDB() *memDB {
	m := newMemDB()
	m.tables["compare_regions"] = tbl([]string{"code", "level", "name", "counties"},
		[]any{"410000", "province", "河南省", int64(3)}, []any{"410700", "city", "新乡市", int64(3)})
	m.tables["compare_years"] = tbl([]string{"year"}, []any{int32(2022)}, []any{int32(2023)})
	m.tables["compare_values"] = compareValuesTable()
	// 延津县 has reports of other bodies only: under county governments it
	// shows "no report".
	m.tables["compare_counties"] = tbl([]string{"region_code", "county"},
		[]any{"410721", "新乡县"}, []any{"410724", "获嘉县"}, []any{"410725", "原阳县"}, []any{"410726", "延津县"})
	m.tables["compare_types"] = tbl([]string{"dept_type", "counties", "reports"}, []any{"公安局", int64(3), int64(6)})
	m.tables["overview_counts"] = tbl([]string{"sources", "documents", "failed_documents", "image_only", "reports", "failed_checks", "reports_failing_checks"},
		[]any{int64(1), int64(9), int64(1), int64(1), int64(6), int64(2), int64(1)})
	m.tables["overview_years"] = tbl([]string{"year", "reports", "template_2021", "template_2019"},
		[]any{int32(2022), int64(3), int64(3), int64(0)}, []any{int32(2023), int64(3), int64(3), int64(0)})
	m.tables["overview_coverage"] = tbl([]string{"region_code", "region", "year", "reports"},
		[]any{"410721", "新乡县", int32(2022), int64(1)}, []any{"410721", "新乡县", int32(2023), int64(1)},
		[]any{"410724", "获嘉县", int32(2023), int64(1)})
	m.tables["overview_sources"] = tbl([]string{"id", "name", "region_code", "documents", "reports", "failed_documents", "last_fetched"},
		[]any{"xinxiang", "新乡市人民政府", "410700", int64(9), int64(6), int64(1), nil})
	return m
}
