package warehouse

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// generatedAudit writes 140 generated reports (4 counties' 5 bodies over 7
// years, year after year: an agency's previous year is 20 ids before) in
// batches of 30, whose audits leave the findings.
func generatedAudit(t *testing.T) *DB {
	t.Helper()
	db := openTemp(t)
	items := genAuditReports(0, 4*len(auditDepts)*auditYears, counties(t)[:4])
	for from := 0; from < len(items); from += 30 {
		write(t, db, items[from:min(from+30, len(items))]...)
	}
	return db
}

// TestAuditInPassesEqualsOnePass reruns the catalogue in passes of a few
// reports (each pass reads its reports' agencies' other years, wherever
// their ids are) and in one pass, on generated reports and on the
// hand-built ones: the same findings, equal to what the batches left.
func TestAuditInPassesEqualsOnePass(t *testing.T) {
	gen := generatedAudit(t)
	for name, db := range map[string]*DB{"generated": gen, "hand-built": auditWarehouse(t)} {
		batches := findingRows(t, db)
		var calls []AuditProgress
		st, err := db.AuditWith(context.Background(), AuditOptions{ChunkReports: 7, Progress: func(p AuditProgress) { calls = append(calls, p) }})
		if err != nil {
			t.Fatal(err)
		}
		passes := findingRows(t, db)
		if _, err := db.AuditWith(context.Background(), AuditOptions{ChunkReports: 1 << 30}); err != nil {
			t.Fatal(err)
		}
		if whole := findingRows(t, db); passes != whole || batches != whole {
			t.Errorf("%s: findings differ:\n--- batches\n%s--- passes of 7\n%s--- one pass\n%s", name, batches, passes, whole)
		}
		want := (st.Reports+6)/7 + 1 // a call per pass, then "derived"
		if len(calls) != want || calls[len(calls)-1].Step != "derived" || calls[len(calls)-2].Done != st.Reports {
			t.Errorf("%s: %d progress calls for %d reports, want %d ending at derived: %+v", name, len(calls), st.Reports, want, calls)
		}
	}
	failing := count(t, gen, `(SELECT DISTINCT rule FROM findings WHERE ok = false)`)
	if n := count(t, gen, `findings WHERE rule = 'C5' AND other_report_id IS NOT NULL`); n == 0 || failing < 3 {
		t.Errorf("generated reports: %d C5 findings with last year, %d rules failing: the comparison is weak", n, failing)
	}
}

// TestAuditInterruptedKeepsFindings stops a check after its first pass
// and runs one with a bad memory limit: both fail, and every finding and
// derived row stays as it was.
func TestAuditInterruptedKeepsFindings(t *testing.T) {
	db := generatedAudit(t)
	before := findingRows(t, db)
	derived := one(t, db, `SELECT count(*) || ' ' || sum(hash(d)) FROM derived_reports d`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	passes := 0
	_, err := db.AuditWith(ctx, AuditOptions{ChunkReports: 10, Progress: func(AuditProgress) { passes++; cancel() }})
	if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "nterrupt") {
		t.Fatalf("interrupted audit: %v, want it cancelled", err)
	}
	if passes != 1 {
		t.Errorf("%d passes ran after the cancel", passes)
	}
	_, err = db.AuditWith(context.Background(), AuditOptions{MemoryLimit: "lots"})
	mustContain(t, err, `memory limit "lots"`)
	if after := findingRows(t, db); after != before {
		t.Errorf("a failed audit changed the findings")
	}
	if d := one(t, db, `SELECT count(*) || ' ' || sum(hash(d)) FROM derived_reports d`); d != derived {
		t.Errorf("a failed audit changed derived_reports: %v then %v", derived, d)
	}
	if n := count(t, db, `findings`); n == 0 {
		t.Error("no findings: nothing was at stake")
	}
}

// TestAuditRulesRewriteUnchanged runs C5, C8 and yoy_jump as they were
// before they took their cells out of audit_v first (testdata/audit_before)
// and as they are, over every latest report of the hand-built and the
// generated warehouses: the same rows.
func TestAuditRulesRewriteUnchanged(t *testing.T) {
	dbs := map[string]*DB{"generated": generatedAudit(t), "hand-built": auditWarehouse(t)}
	for _, rule := range []string{"c5_carry_over", "c8_table2_balance", "yoy_jump"} {
		before, err := os.ReadFile(filepath.Join("testdata", "audit_before", rule+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		after, err := ruleFiles.ReadFile("sql/audit/" + rule + ".sql")
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for name, db := range dbs {
			want, n := ruleRows(t, db, before)
			if got, _ := ruleRows(t, db, after); got != want {
				t.Errorf("%s on the %s warehouse rewritten:\n got %s\nwant %s", rule, name, got, want)
			}
			rows += n
		}
		if rows == 0 {
			t.Errorf("%s: no rows on either warehouse: nothing compared", rule)
		}
	}
}

// ruleRows runs a rule file over every latest report: its rows in order,
// and how many.
func ruleRows(t *testing.T, db *DB, rule []byte) (string, int) {
	t.Helper()
	conn, err := db.sql.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var out string
	var n int
	err = conn.QueryRowContext(context.Background(), rangeScope(0, math.MaxInt64)+`;
		SELECT coalesce(string_agg(r::VARCHAR, E'\n' ORDER BY r::VARCHAR), ''), count(*)
		FROM (`+strings.TrimRight(strings.TrimSpace(string(rule)), ";")+`) r`).Scan(&out, &n)
	if err != nil {
		t.Fatal(err)
	}
	return out, n
}
