package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// The page queries rewritten to read only the reports a page shows (issue
// 17) answer what their earlier text answered, on the sample portal's
// warehouse, for every argument a page can give them. The earlier text is
// kept in testdata/sql_before under the query's name.
func TestRewrittenQueriesUnchanged(t *testing.T) {
	ctx := context.Background()
	path := serveSampleWarehouse(t)
	addFailedDocuments(t, path)
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, err := db.Query(ctx, 0, `SELECT id FROM agencies ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	args := map[string][][]any{"agency_reports": {}, "quality_checks": {{}}, "quality_conflicts": {{}},
		"quality_documents": {{}}, "quality_images": {{}}, "quality_ocr": {{}},
		"overview_counts": {{}}, "overview_sources": {{}}, "audit_rates": {{"province"}, {"kind"}, {"year"}},
		"county_reports": {}, "report_meta": {}}
	for _, r := range ids.Rows {
		args["agency_reports"] = append(args["agency_reports"], []any{r[0]})
	}
	regions, err := db.Query(ctx, 0, `SELECT DISTINCT region_code FROM agencies WHERE region_code IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regions.Rows {
		args["county_reports"] = append(args["county_reports"], []any{r[0]})
	}
	reports, err := db.Query(ctx, 0, `SELECT id FROM reports ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports.Rows {
		args["report_meta"] = append(args["report_meta"], []any{r[0]})
	}
	versionsCounted(t, db, reports)
	for name, sets := range args {
		before := readSQL(t, filepath.Join("testdata", "sql_before", name+".sql"))
		after := readSQL(t, filepath.Join("..", "..", "charts", "sql", name+".sql"))
		rows := 0
		for _, a := range sets {
			want, err := db.Query(ctx, 0, before, a...)
			if err != nil {
				t.Fatalf("%s before, %v: %v", name, a, err)
			}
			got, err := db.Query(ctx, 0, after, a...)
			if err != nil {
				t.Fatalf("%s, %v: %v", name, a, err)
			}
			if dropsColumns[name] {
				want = project(want, got.Columns)
			}
			if tiesOrdered[name] {
				// The new text orders rows that tied before by their id,
				// so that the page's pages hold still: the same rows, in
				// an order the old text also allowed.
				sortRows(got)
				sortRows(want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s%v:\n got %v\nwant %v", name, a, got, want)
			}
			rows += len(want.Rows)
		}
		if rows == 0 && !mayBeEmpty[name] {
			t.Errorf("%s: no rows for any argument: the comparison shows nothing", name)
		}
	}
	// The sample has copies that differ from the chosen report: the count
	// that agency_reports rewrote is exercised.
	differ, err := db.Query(ctx, 0, `SELECT count(*) FROM report_alternatives WHERE differing_cells > 0`)
	if err != nil || differ.Rows[0][0].(int64) == 0 {
		t.Errorf("the sample warehouse has no differing copies (%v, %v): agency_reports' count goes untested", differ, err)
	}
}

// mayBeEmpty are the queries with no rows on the sample warehouse: it has
// no report read by OCR (quality_ocr's rewrite only narrows the failed
// checks it reads to the reports under review).
var mayBeEmpty = map[string]bool{"quality_ocr": true}

// addFailedDocuments records two URLs that failed, one of them fetched
// again and failing again, so that the lists of failed documents compare
// something (the sample portal serves only readable files).
func addFailedDocuments(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i, body := range []string{"first", "second"} {
		items := []warehouse.Item{{Document: touming.Document{URL: "http://127.0.0.1/broken.pdf", SHA256: body, FetchedAt: at.Add(time.Duration(i) * time.Hour),
			Status: touming.StatusFailed, Error: "extract broken.pdf: " + body + " try"}}}
		if i == 0 {
			items = append(items, warehouse.Item{Document: touming.Document{URL: "http://127.0.0.1/gone.html", FetchedAt: at, Status: touming.StatusFailed, Error: "fetch: 404"}})
		}
		if _, err := db.Write(ctx, items); err != nil {
			t.Fatal(err)
		}
	}
}

// dropsColumns are the rewritten queries that no longer return a column
// (county_reports: the URL, which its page never showed and which at 1 M
// was most of the query; report_meta: the versions, which the page now
// counts from report_versions); they are compared on the columns they
// still return.
var dropsColumns = map[string]bool{"county_reports": true, "report_meta": true}

// versionsCounted: the report page counts the versions at a report's URL
// from report_versions' rows, which report_meta counted before.
func versionsCounted(t *testing.T, db *warehouse.DB, reports *touming.Table) {
	ctx := context.Background()
	before := readSQL(t, filepath.Join("testdata", "sql_before", "report_meta.sql"))
	versions := readSQL(t, filepath.Join("..", "..", "charts", "sql", "report_versions.sql"))
	for _, r := range reports.Rows {
		meta, err := db.Query(ctx, 0, before, r[0])
		if err != nil {
			t.Fatal(err)
		}
		m := project(meta, []string{"url", "versions"}).Rows[0]
		v, err := db.Query(ctx, 0, versions, m[0])
		if err != nil {
			t.Fatal(err)
		}
		if m[1] != int64(len(v.Rows)) {
			t.Errorf("report %v: report_meta counted %v versions, report_versions lists %d", r[0], m[1], len(v.Rows))
		}
	}
}

// project keeps t's columns named in cols, in that order.
func project(t *touming.Table, cols []string) *touming.Table {
	idx := map[string]int{}
	for i, c := range t.Columns {
		idx[c] = i
	}
	out := &touming.Table{Columns: cols}
	for _, r := range t.Rows {
		row := make([]any, len(cols))
		for j, c := range cols {
			if i, ok := idx[c]; ok {
				row[j] = r[i]
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// tiesOrdered are the rewritten queries that now break ties in their
// order by an id.
var tiesOrdered = map[string]bool{"quality_checks": true, "quality_conflicts": true}

func sortRows(t *touming.Table) {
	slices.SortFunc(t.Rows, func(a, b []any) int { return strings.Compare(fmt.Sprint(a...), fmt.Sprint(b...)) })
}

func readSQL(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// compare_sums, which adds up whole counties in the database, gives the
// sums, bodies and names of compare_values' rows for every body (unit
// county, which the page summed report by report), for every region and
// for all years and each one.
func TestCompareSumsAsValues(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	values := readSQL(t, filepath.Join("..", "..", "charts", "sql", "compare_values.sql"))
	old := `WITH old AS (` + values + `)
SELECT report_id, region_code, county, agency_id, agency, year, template, NULL AS key, NULL AS value
FROM (SELECT DISTINCT report_id, region_code, county, agency_id, agency, year, template FROM old)
UNION ALL
SELECT NULL, region_code, min(county), NULL, NULL, year, NULL, key, sum(value) FROM old GROUP BY region_code, year, key`
	sums := readSQL(t, filepath.Join("..", "..", "charts", "sql", "compare_sums.sql"))
	// and compare_sums before it read derived_county_figures.
	sumsBefore := readSQL(t, filepath.Join("testdata", "sql_before", "compare_sums.sql"))
	regions, err := db.Query(ctx, 0, readSQL(t, filepath.Join("..", "..", "charts", "sql", "compare_regions.sql")))
	if err != nil {
		t.Fatal(err)
	}
	years := []string{"2019,2020,2021,2022,2023,2024", "2021", "2023"}
	rows := 0
	for _, r := range regions.Rows {
		code := r[0].(string)
		prefix := strings.TrimSuffix(strings.TrimSuffix(code, "00"), "00")
		for _, y := range years {
			want, err := db.Query(ctx, 0, old, prefix, y, "county", "")
			if err != nil {
				t.Fatalf("compare_values summed, %s %s: %v", prefix, y, err)
			}
			got, err := db.Query(ctx, 0, sums, prefix, y)
			if err != nil {
				t.Fatalf("compare_sums %s %s: %v", prefix, y, err)
			}
			sortRows(got)
			sortRows(want)
			if !sameSums(got.Rows, want.Rows) {
				t.Errorf("compare_sums %s %s: %d rows, want %d; first difference %s", prefix, y, len(got.Rows), len(want.Rows), firstDiff(got.Rows, want.Rows))
			}
			before, err := db.Query(ctx, 0, sumsBefore, prefix, y)
			if err != nil {
				t.Fatalf("compare_sums before, %s %s: %v", prefix, y, err)
			}
			sortRows(before)
			if !sameSums(got.Rows, before.Rows) {
				t.Errorf("compare_sums %s %s against its earlier text: %d rows, want %d; first difference %s", prefix, y, len(got.Rows), len(before.Rows), firstDiff(got.Rows, before.Rows))
			}
			rows += len(want.Rows)
		}
	}
	if rows == 0 {
		t.Error("no county has reports: the comparison shows nothing")
	}
}

// sameSums compares compare_sums rows: equal but for the sums, which may
// differ in the last bits (the database adds the bodies in another order
// than the page did; the page shows every figure rounded to 2 decimals).
func sameSums(got, want [][]any) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := slices.Clone(got[i]), slices.Clone(want[i])
		last := len(g) - 1
		gv, gok := g[last].(float64)
		wv, wok := w[last].(float64)
		if gok && wok && math.Abs(gv-wv) <= 1e-9*math.Max(1, math.Abs(wv)) {
			g[last], w[last] = nil, nil
		}
		if !reflect.DeepEqual(g, w) {
			return false
		}
	}
	return true
}

// firstDiff shows the first row where got and want differ.
func firstDiff(got, want [][]any) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("at %d: got %v, want %v", i, got[i], want[i])
		}
	}
	return "past the shorter's end"
}

// body_values_ids, which the county and agency pages ask for their
// reports' figures a few ids at a time, gives what body_values (the
// earlier text, by region or agency) gave, in its order, for every region
// and agency of the sample warehouse (here two ids a query, so that the
// chunks' rows have to follow one another).
func TestBodyValuesByIDsAsBefore(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqlDir := filepath.Join("..", "..", "charts", "sql")
	before := readSQL(t, filepath.Join("testdata", "sql_before", "body_values.sql"))
	byIDs := readSQL(t, filepath.Join(sqlDir, "body_values_ids.sql"))
	pages := []struct {
		list, listing string
		args          func(v any) []any
	}{
		{`SELECT DISTINCT region_code FROM agencies WHERE region_code IS NOT NULL ORDER BY 1`, "county_reports", func(v any) []any { return []any{v, int64(0)} }},
		{`SELECT id FROM agencies ORDER BY 1`, "agency_reports", func(v any) []any { return []any{"", v} }},
	}
	rows := 0
	for _, p := range pages {
		keys, err := db.Query(ctx, 0, p.list)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys.Rows {
			want, err := db.Query(ctx, 0, before, p.args(k[0])...)
			if err != nil {
				t.Fatal(err)
			}
			reports, err := db.Query(ctx, 0, readSQL(t, filepath.Join(sqlDir, p.listing+".sql")), k[0])
			if err != nil {
				t.Fatal(err)
			}
			got := byChunks(t, db, byIDs, reports, 2)
			if !reflect.DeepEqual(got, want.Rows) {
				t.Errorf("%s %v: %d rows, want %d; first difference %s", p.listing, k[0], len(got), len(want.Rows), firstDiff(got, want.Rows))
			}
			rows += len(want.Rows)
		}
	}
	if rows == 0 {
		t.Error("no body has figures: the comparison shows nothing")
	}
}

// byChunks runs body_values_ids over the latest reports of a listing, n
// ids at a time in (agency, year, id) order, as the pages do.
func byChunks(t *testing.T, db *warehouse.DB, byIDs string, reports *touming.Table, n int) [][]any {
	col := map[string]int{}
	for i, c := range reports.Columns {
		col[c] = i
	}
	var latest [][3]int64
	for _, row := range reports.Rows {
		if row[col["latest"]] == true {
			agency := int64(0)
			if i, ok := col["agency_id"]; ok {
				agency = asInt(row[i])
			}
			latest = append(latest, [3]int64{agency, asInt(row[col["year"]]), asInt(row[col["report_id"]])})
		}
	}
	slices.SortFunc(latest, func(a, b [3]int64) int { return slices.Compare(a[:], b[:]) })
	var out [][]any
	for chunk := range slices.Chunk(latest, n) {
		var list []string
		for _, l := range chunk {
			list = append(list, fmt.Sprint(l[2]))
		}
		part, err := db.Query(context.Background(), 0, byIDs, strings.Join(list, ","))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, part.Rows...)
	}
	return out
}

// asInt reads a whole-number column whatever integer type it has.
func asInt(v any) int64 {
	n, _ := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	return n
}
