package charts

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// bodyChunk is how many reports the county page asks body_values_ids for
// at once. It reads derived_main_figures whole, in milliseconds, and the
// reports by id: every query costs a scan, so a county's few hundred
// reports are one query (they were seven of 50 while cell_values was
// read, whose row groups DuckDB pruned by up to 50 ids).
const bodyChunk = 1000

// bodyValues is the main figures of the latest reports among reports (the
// rows of county_reports or agency_reports: report_id, year, latest and,
// for a county, agency_id), for the trends of the county and agency
// pages: read by report id, bodyChunk at a time, in the order of the
// query that read them by region or agency before (agency, year, id; kept
// in testdata/sql_before/body_values.sql).
func (s *Server) bodyValues(ctx context.Context, reports *touming.Table) (*touming.Table, error) {
	type rep struct{ agency, year, id int }
	col := colsOf(reports)
	var ids []rep
	for _, r := range reports.Rows {
		if col.get(r, "latest") == true {
			ids = append(ids, rep{col.Int(r, "agency_id"), col.Int(r, "year"), col.Int(r, "report_id")})
		}
	}
	// In body_values' order, so that the chunks' rows follow one another.
	slices.SortFunc(ids, func(a, b rep) int {
		return cmp.Or(cmp.Compare(a.agency, b.agency), cmp.Compare(a.year, b.year), cmp.Compare(a.id, b.id))
	})
	out := &touming.Table{}
	for chunk := range slices.Chunk(ids, bodyChunk) {
		list := make([]string, len(chunk))
		for i, r := range chunk {
			list[i] = strconv.Itoa(r.id)
		}
		t, err := s.query(ctx, "body_values_ids", strings.Join(list, ","))
		if err != nil {
			return nil, err
		}
		out.Columns = t.Columns
		out.Rows = append(out.Rows, t.Rows...)
	}
	return out, nil
}
