package warehouse

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// derivedDefs are, for each derived table, the query over the views that
// the pages computed on every visit before the table existed: the table
// must hold exactly its rows.
var derivedDefs = map[string]string{
	"derived_reports": `SELECT a.report_id, a.agency_id, a.agency, a.year, a.url, a.kind, a.province_code,
			coalesce(c.failed, 0), c.rules, a.arith_ok, a.carry_ok, a.on_time, a.complete, a.copied
		FROM audit_reports a
		LEFT JOIN (SELECT report_id, count(*) AS failed, string_agg(DISTINCT rule, ', ' ORDER BY rule) AS rules
			FROM report_checks WHERE NOT ok GROUP BY report_id) c ON c.report_id = a.report_id`,
	"derived_conflicts": `SELECT x.copy_id, x.chosen_id, any_value(a.agency_id), any_value(a.year), any_value(a.url), any_value(c.url), count(*),
			string_agg(key || ' ' || coalesce(regexp_replace(CAST(chosen_value AS VARCHAR), '\.0$', ''), '空') || '≠' || coalesce(regexp_replace(CAST(copy_value AS VARCHAR), '\.0$', ''), '空'), '; ' ORDER BY key)
		FROM report_conflict_cells x JOIN reports a ON a.id = x.copy_id JOIN reports c ON c.id = x.chosen_id
		GROUP BY x.copy_id, x.chosen_id`,
	"derived_documents": `SELECT url, id, source_id, status FROM documents
		QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC NULLS LAST, id DESC) = 1`,
}

// checked is r with checks: C1 fails on the row total when failing, and
// C3 holds; checks give the quality page's failed-check counts.
func checked(r *touming.Report, failing bool) *touming.Report {
	r.Checks = []touming.Check{{Rule: "C1", Subject: "apply.new_received.total", OK: !failing, Expected: touming.Float(3), Actual: touming.Float(4)},
		{Rule: "C3", Subject: "result.total", OK: true}, {Rule: "C6", Subject: "review.total", OK: !failing}}
	return r
}

// sortedRows are a query's rows, printed and sorted.
func sortedRows(t *testing.T, db *DB, q string) []string {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]string, len(tb.Rows))
	for i, r := range tb.Rows {
		out[i] = fmt.Sprintf("%#v", r)
	}
	slices.Sort(out)
	return out
}

// checkDerived fails unless every derived table equals its definition,
// and returns the tables' rows.
func checkDerived(t *testing.T, db *DB, step string) map[string][]string {
	t.Helper()
	checkSettled(t, db, step) // write_settle_test.go: the one-report rule too
	got := map[string][]string{}
	for table, def := range derivedDefs {
		want := sortedRows(t, db, def)
		got[table] = sortedRows(t, db, "SELECT * FROM "+table)
		if !reflect.DeepEqual(got[table], want) {
			t.Errorf("after %s, %s:\n got %s\nwant %s", step, table, strings.Join(got[table], "\n     "), strings.Join(want, "\n     "))
		}
	}
	return got
}

// TestDerivedTablesFollowBatches writes agency-years with copies that
// differ, reissues, new versions at a URL, failed documents and
// re-extractions (one moving a report to another agency), and after each
// batch compares every derived table with the query it replaces, row for
// row. A failed batch leaves them as they were; touming check's rebuild
// and the backfill after migration 011 give the same rows.
func TestDerivedTablesFollowBatches(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	checkDerived(t, db, "open")
	page := doc("https://example.gov.cn/2023/report.html", "page")
	att := doc("https://example.gov.cn/2023/report.docx", "docx")
	att.Parent = page.URL
	other := doc("https://example.gov.cn/2023/other.html", "other")
	write(t, db, append(truthItems(t),
		Item{Document: att, Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发改局", 2023, 1), true)},
		Item{Document: page, Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 0)},
		Item{Document: other, Report: checked(agencyReport(t, "huaian-city-2024", "沭阳县公安局", 2023, 0), true)},
		Item{Document: touming.Document{URL: "https://example.gov.cn/broken.pdf", Status: touming.StatusFailed, Error: "corrupt"}})...)
	rows := checkDerived(t, db, "the first load")
	if len(rows["derived_conflicts"]) == 0 || len(rows["derived_reports"]) < 6 || len(rows["derived_documents"]) < 8 {
		t.Fatalf("the first load derived too little to compare: %v", rows)
	}
	if n := count(t, db, "derived_reports WHERE failed_checks > 0"); n == 0 {
		t.Fatal("no report with a failed check: the failed-check counts go untested")
	}

	// A reissue with a newer date is chosen; the page's new content at the
	// same URL is a new version; the broken URL now reads fine.
	re := agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 5)
	re.Meta.Published = "2024-03-01"
	page2 := doc(page.URL, "page v2")
	page2.FetchedAt = page.FetchedAt.AddDate(0, 1, 0)
	fixed := doc("https://example.gov.cn/broken.pdf", "fixed")
	write(t, db, Item{Document: doc("https://example.gov.cn/2023/reissue.html", "reissue"), Report: re},
		Item{Document: page2, Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 3), true)},
		Item{Document: fixed, Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2022, 0)})
	checkDerived(t, db, "a reissue and new versions")

	// Re-extractions: the reissue now reads as another agency's report (it
	// leaves its agency-year, which chooses again), and a failed one.
	docs, err := db.Archived(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var moved, failed touming.Document
	for _, d := range docs {
		switch d.URL {
		case "https://example.gov.cn/2023/reissue.html":
			moved = d
		case other.URL:
			failed = d
		}
	}
	failed.Status, failed.Error = touming.StatusFailed, "extract: engine crashed"
	write(t, db, Item{Document: moved, Report: checked(agencyReport(t, "huaian-city-2024", "沭阳县公安局", 2023, 2), false)}, Item{Document: failed})
	checkDerived(t, db, "reextract")

	before := checkDerived(t, db, "before a failed batch")
	_, err = db.Write(ctx, []Item{{Document: doc("https://example.gov.cn/new.html", "new"), Report: agencyReport(t, "pingtan-2024", "沭阳县财政局", 2023, 0)},
		{Document: touming.Document{ID: 4242}, Report: truthReport(t, "pingtan-2024")}})
	mustContain(t, err, "document 4242 is not in the warehouse")
	if after := checkDerived(t, db, "a failed batch"); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed batch changed the derived tables:\n%v\n%v", before, after)
	}

	// touming check rebuilds them whole; so does migration 011 on a
	// warehouse that predates it.
	if _, err := db.Audit(ctx); err != nil {
		t.Fatal(err)
	}
	// (check reruns every finding, so the audit's figures may differ from
	// what the batches' audits found: each table is compared with its
	// definition again.)
	rebuilt := checkDerived(t, db, "touming check")
	if _, err := db.sql.ExecContext(ctx, `DROP TABLE derived_reports; DROP TABLE derived_conflicts; DROP TABLE derived_documents;
		DROP TABLE derived_state; DELETE FROM schema_migrations WHERE version = 11`); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if migrated := checkDerived(t, db, "migration 011"); !reflect.DeepEqual(migrated, rebuilt) {
		t.Errorf("migration 011's backfill differs from the rebuild:\n%v\n%v", rebuilt, migrated)
	}
	if f := one(t, db, "SELECT filled FROM derived_state"); f != true {
		t.Errorf("derived_state.filled = %v after the backfill", f)
	}
}
