package warehouse

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// oneReportBefore is one_report.sql before it read settle_scope: it
// scanned reports, documents and cell_values whole for any batch.
//
//go:embed testdata/one_report_before.sql
var oneReportBefore string

// settledRows are what the one-report rule decides, read on conn: each
// report's latest flag and copy link, and each agency's name.
func settledRows(t *testing.T, ctx context.Context, conn *sql.Conn) []string {
	t.Helper()
	var out []string
	for _, q := range []string{`SELECT id, latest, alternative_of FROM reports ORDER BY id`, `SELECT id, name FROM agencies ORDER BY id`} {
		err := each(ctx, conn, q, nil, func(r *sql.Rows) error {
			var a, b, c any
			dest := []any{&a, &b, &c}
			if strings.Contains(q, "agencies") {
				dest = dest[:2]
			}
			err := r.Scan(dest...)
			out = append(out, fmt.Sprint(a, b, c))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// checkSettled fails unless what the batches settled by their keys is
// what the old text of the rule settles over the whole warehouse, run in
// a transaction rolled back.
func checkSettled(t *testing.T, db *DB, step string) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := settledRows(t, ctx, conn)
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	for _, s := range strings.Split(oneReportBefore, "\n-- next\n") {
		if _, err := conn.ExecContext(ctx, s, []any{}, true); err != nil {
			t.Fatal(err)
		}
	}
	if want := settledRows(t, ctx, conn); !reflect.DeepEqual(got, want) {
		t.Errorf("after %s, settled by the batch's keys:\n%s\nthe old rule over every report:\n%s", step, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSettleByKeysEqualsBefore writes an agency-year in three batches (a
// report, a copy at another URL, a new version at the first URL that
// brings it back), then another agency's year and a report with no year,
// and compares the rule settled by each batch's keys with the old rule
// over the whole warehouse; then a whole settle from unsettled flags,
// with the old and the new text.
func TestSettleByKeysEqualsBefore(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	first := doc("https://example.gov.cn/2023/a.html", "a")
	copy := doc("https://example.gov.cn/2023/a-copy.html", "a copy")
	steps := [][]Item{
		append(truthItems(t), Item{Document: first, Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 0)}),
		{{Document: copy, Report: agencyReport(t, "pingtan-2024", "沭阳县发改局", 2023, 4)}},
		{{Document: doc(first.URL, "a v2"), Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 9)}},
		{{Document: doc("https://example.gov.cn/2022/a.html", "a 2022"), Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2022, 0)},
			{Document: doc("https://example.gov.cn/2023/b.html", "b"), Report: agencyReport(t, "pingtan-2024", "沭阳县财政局", 2023, 0)}},
	}
	for i, items := range steps {
		write(t, db, items...)
		checkSettled(t, db, fmt.Sprintf("batch %d", i+1))
	}
	if n := count(t, db, "reports WHERE alternative_of IS NOT NULL"); n == 0 {
		t.Fatal("no copy: the agency-year across batches goes untested")
	}
	noYear := agencyReport(t, "pingtan-2024", "沭阳县财政局", 0, 0)
	noYear.Meta.Year = 0
	write(t, db, Item{Document: doc("https://example.gov.cn/undated.html", "undated"), Report: noYear})
	checkSettled(t, db, "a report with no year")

	// A whole settle (agencies re-placed) from flags nothing settled.
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	unsettle := `UPDATE reports SET latest = url_latest, alternative_of = NULL; UPDATE agencies SET name = 'x'`
	if _, err := conn.ExecContext(ctx, unsettle); err != nil {
		t.Fatal(err)
	}
	if err := settle(ctx, conn, nil, true); err != nil {
		t.Fatal(err)
	}
	checkSettled(t, db, "a whole settle")
}
