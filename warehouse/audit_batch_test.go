package warehouse

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findingRows prints every finding but its checked_at, one line a row in a
// stable order: what TestBatchAuditEqualsAudit compares.
func findingRows(t *testing.T, db *DB) string {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, `SELECT id, rule, report_id, agency_id, year, subject, ok, expected, actual,
		figure, cells, other_report_id, other_cells, detail, message FROM findings ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, row := range tb.Rows {
		fmt.Fprintln(&b, row...)
	}
	return b.String()
}

// docID is the id of the latest document at url.
func docID(t *testing.T, db *DB, url string) int64 {
	t.Helper()
	return one(t, db, `SELECT max(id) FROM documents WHERE url = ?`, url).(int64)
}

// TestBatchAuditEqualsAudit writes batches of every kind (new reports, a
// second copy of an agency-year, a new version at a URL, a re-extraction
// that moves a report to another agency and year, a report naming no
// agency), and after each compares the findings the batch's audit left
// with those of a full rerun (touming check), row for row: the batch's
// audit reads only the batch's agencies and band peers, and must not
// change what the findings are.
func TestBatchAuditEqualsAudit(t *testing.T) {
	db := auditWarehouse(t) // two batches: a department's 2022 and 2023, a government's 2023
	const edu = "沭阳县教育局"
	batches := []func() []Item{
		func() []Item { // a third agency copying the narrative (a peer of both), and its 2022
			e23 := auditReport(t, edu, 2023, "2024-01-15", narrativeA, "一二三四五六")
			e22 := auditReport(t, edu, 2022, "2023-01-15", narrativeB, "一二三四五六")
			setVal(e22, map[string]float64{"apply.carried_forward.total": 9, "apply.new_received.total": 3})
			return []Item{{Document: doc("https://example.gov.cn/e23.html", "e23"), Report: e23},
				{Document: doc("https://example.gov.cn/e22.html", "e22"), Report: e22}}
		},
		func() []Item { // a second copy of the department's 2023, published later: it becomes the one
			r := auditReport(t, dept, 2023, "2024-02-20", narrativeB, "一二三四五六")
			setVal(r, map[string]float64{"apply.carried_over.total": 9})
			return []Item{{Document: doc("https://example.gov.cn/d23-attachment.html", "d23b"), Report: r}}
		},
		func() []Item { // a new version of the government's 2023 at its URL, another narrative
			r := auditReport(t, gov, 2023, "2024-03-01", narrativeB, "一二三四五六")
			setVal(r, map[string]float64{"apply.new_received.total": 31}) // a changed report, not the same one again
			return []Item{{Document: doc("https://example.gov.cn/g23.html", "g23 v2"), Report: r}}
		},
		func() []Item { // re-extraction moves the education bureau's 2023 to the department's 2024
			r := auditReport(t, dept, 2024, "2025-01-20", narrativeA, "一二三四五六")
			d := doc("https://example.gov.cn/e23.html", "e23")
			d.ID = docID(t, db, d.URL)
			return []Item{{Document: d, Report: r}}
		},
		func() []Item { // a report naming no agency, and the department's 2021
			anon := auditReport(t, "", 2023, "2024-01-10", narrativeA+"共收到政府信息公开申请 7 件。", "一二三")
			d21 := auditReport(t, dept, 2021, "2022-01-10", narrativeA, "一二三四五六")
			setVal(d21, map[string]float64{"apply.carried_forward.total": 4, "active.normative.in_force": 1})
			return []Item{{Document: doc("https://example.gov.cn/anon.html", "anon"), Report: anon},
				{Document: doc("https://example.gov.cn/d21.html", "d21"), Report: d21}}
		},
	}
	for i, batch := range batches {
		write(t, db, batch()...)
		got := findingRows(t, db)
		if _, err := db.Audit(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := findingRows(t, db)
		if got != want {
			t.Fatalf("batch %d: the batch's findings differ from a full audit's:\n--- batch\n%s--- audit\n%s", i+1, got, want)
		}
	}
	// The batches did what they say: the move left the education bureau
	// without a 2023, and the copy and the peers were found.
	if n := count(t, db, `reports WHERE latest AND agency = ? AND year = 2023`, edu); n != 0 {
		t.Errorf("%d latest 2023 reports of %s after the move", n, edu)
	}
	if n := count(t, db, `findings WHERE rule = 'copying_peers'`); n == 0 {
		t.Error("no copying_peers finding: the test compares nothing of the band peers")
	}
	if n := count(t, db, `reports WHERE alternative_of IS NOT NULL`); n == 0 {
		t.Error("no alternative copy: the test compares nothing of the one-report rule")
	}
}

// TestCopyingPeersRewriteUnchanged runs copying_peers as it was before it
// read report_bands (testdata/audit_before) and as it is, over every
// latest report: the same reports, figures and peer counts. (The old text
// named any of the most similar peers, arg_max over ties; the new names
// the first loaded among them.)
func TestCopyingPeersRewriteUnchanged(t *testing.T) {
	db := auditWarehouse(t)
	e := auditReport(t, "沭阳县教育局", 2023, "2024-01-15", narrativeA, "一二三四五六")
	write(t, db, Item{Document: doc("https://example.gov.cn/e23.html", "e23"), Report: e})
	before, err := os.ReadFile(filepath.Join("testdata", "audit_before", "copying_peers.sql"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := ruleFiles.ReadFile("sql/audit/copying_peers.sql")
	if err != nil {
		t.Fatal(err)
	}
	rows := func(rule []byte) string {
		conn, err := db.sql.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var out string
		err = conn.QueryRowContext(context.Background(), rangeScope(0, math.MaxInt64)+`;
			SELECT string_agg(report_id || ' ' || ok || ' ' || figure || ' ' || coalesce(regexp_extract(detail, '等 ([0-9]+) 个机关', 1), '1'), ', ' ORDER BY report_id)
			FROM (`+strings.TrimRight(strings.TrimSpace(string(rule)), ";")+`)`).Scan(&out)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want, got := rows(before), rows(after)
	if got != want {
		t.Errorf("copying_peers rewritten:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(want, "100.0 2") {
		t.Errorf("no report with two peers (%s): the counts go untested", want)
	}
}

// TestBatchAuditRedoesItsYears adds a department's 2020, then its 2021, to
// its 2022 and 2023: a batch of new reports redoes the findings of their
// agency-years and of the year after only (the rules compare a report
// with the year before), and they equal a full audit's; so do the derived
// tables of those reports.
func TestBatchAuditRedoesItsYears(t *testing.T) {
	db := auditWarehouse(t) // the department's 2022 and 2023
	redone := func() string {
		t.Helper()
		tb, err := db.Query(context.Background(), 0, `SELECT string_agg(DISTINCT year::VARCHAR, ' ' ORDER BY year::VARCHAR) FROM findings f
			WHERE rule <> 'copying_peers' AND checked_at = (SELECT max(checked_at) FROM findings)`)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(tb.Rows[0][0])
	}
	for _, tc := range []struct {
		year  int
		want  string // the years whose findings the batch wrote
		carry string // derived_reports.carry_ok by year (2022's found its 2021)
	}{{2020, "2020", "2020:null 2022:null 2023:false"}, {2021, "2021 2022", "2020:null 2021:false 2022:false 2023:false"}} {
		r := auditReport(t, dept, tc.year, fmt.Sprintf("%d-01-10", tc.year+1), narrativeB, "一二三四五六")
		setVal(r, map[string]float64{"apply.carried_forward.total": 4, "active.normative.in_force": 1})
		write(t, db, Item{Document: doc(fmt.Sprintf("https://example.gov.cn/d%d.html", tc.year), fmt.Sprint("d", tc.year)), Report: r})
		if got := redone(); got != tc.want {
			t.Errorf("after the %d report the batch wrote the findings of %s, want %s", tc.year, got, tc.want)
		}
		checkDerived(t, db, fmt.Sprint("the ", tc.year, " report")) // derive's scope is the audit's
		carry := one(t, db, `SELECT string_agg(year || ':' || coalesce(carry_ok::VARCHAR, 'null'), ' ' ORDER BY year) FROM derived_reports WHERE agency = ?`, dept)
		if carry != tc.carry {
			t.Errorf("after the %d report the carry-over figures are %v, want %s", tc.year, carry, tc.carry)
		}
		got := findingRows(t, db)
		if _, err := db.Audit(context.Background()); err != nil {
			t.Fatal(err)
		}
		if want := findingRows(t, db); got != want {
			t.Fatalf("after the %d report: the batch's findings differ from a full audit's:\n--- batch\n%s--- audit\n%s", tc.year, got, want)
		}
	}
}
