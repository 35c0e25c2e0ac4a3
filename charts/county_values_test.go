package charts

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// The county page reads its bodies' figures by report id, at most
// bodyChunk ids a query: every latest report of county_reports once, in
// body_values' order (agency, year, id), and no copy.
func TestCountyValuesByReportChunks(t *testing.T) {
	db := loadedDB()
	reports := &touming.Table{Columns: []string{"agency_id", "agency", "kind", "dept_type", "report_id", "year", "latest", "alternative_of", "url", "failed"}}
	var want []string
	for agency := 60; agency >= 1; agency-- { // listed out of body_values' order
		for year := 2024; year >= 2022; year-- {
			id := agency*10 + year - 2020
			reports.Rows = append(reports.Rows, []any{int64(agency), "机关" + strconv.Itoa(agency), "department", nil, int64(id), int32(year), true, nil, "u", int64(0)})
			reports.Rows = append(reports.Rows, []any{int64(agency), "机关" + strconv.Itoa(agency), "department", nil, int64(id + 5000), int32(year), false, int64(id), "u2", int64(0)})
			want = append(want, strconv.Itoa(id))
		}
	}
	slices.SortFunc(want, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	db.tables["county_reports"] = reports
	get(t, newServer(t, db), "/county/410721")
	var got []string
	for _, args := range db.every["body_values_ids"] {
		ids := strings.Split(args[0].(string), ",")
		if len(ids) > bodyChunk {
			t.Errorf("one query asked for %d reports, more than %d", len(ids), bodyChunk)
		}
		got = append(got, ids...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("asked for %d reports %v…, want the %d latest ones in order %v…", len(got), got[:min(5, len(got))], len(want), want[:5])
	}
}
