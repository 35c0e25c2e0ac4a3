package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/touming/touming"
)

// ruleFiles are the rules of the catalogue that run in the warehouse, one
// SELECT a file over the reports in audit_scope (see docs/audit.md). Each
// gives the columns of findingColumns.
//
//go:embed sql/audit/*.sql sql/audit_views.sql
var ruleFiles embed.FS

// findingColumns is the shape every rule file selects.
const findingColumns = `rule, report_id, subject, ok, expected, actual, figure, cells, other_report_id, other_cells, detail, label`

// AuditStats counts what an audit run wrote.
type AuditStats struct {
	Reports  int            // latest reports in scope
	Findings map[string]int // rows written per rule
	Failed   map[string]int // of which failing
	// Spent is the time each rule file took (its name without .sql).
	Spent map[string]time.Duration
}

// Audit reruns the warehouse's rules of the catalogue on every latest
// report (touming check), replacing their findings in one transaction.
func (db *DB) Audit(ctx context.Context) (AuditStats, error) {
	if db.readOnly {
		return AuditStats{}, fmt.Errorf("audit %s: opened read-only", db.path)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return AuditStats{}, fmt.Errorf("audit %s: %w", db.path, err)
	}
	defer conn.Close()
	st, err := inTx(ctx, conn, func() (AuditStats, error) {
		st, err := db.audit(ctx, conn, fullScopeSQL, true, nil, time.Now().UTC())
		if err != nil {
			return st, err
		}
		return st, rebuildDerived(ctx, conn) // derived.go: every finding changed
	})
	if err != nil {
		return AuditStats{}, fmt.Errorf("audit %s: %w", db.path, err)
	}
	return st, nil
}

// auditTouched reruns the rules, inside a batch's transaction, on the
// latest reports of the agencies a batch touched (a new 2023 report
// changes its agency's 2024 findings too) and of the agencies rewritten
// reports left (oldAgencies), and copying_peers on the reports sharing a
// band with any of them (oldBands: the bands of narratives re-extraction
// replaced). What it writes equals what Audit would (audit_batch_test.go).
func (db *DB) auditTouched(ctx context.Context, conn *sql.Conn, touched, oldAgencies []int64, oldBands []bandKey, now time.Time) error {
	if len(touched) == 0 {
		return nil
	}
	done := step(ctx, "audit scope")
	s, err := loadBatchScope(ctx, conn, touched, oldAgencies, oldBands)
	done()
	if err != nil {
		return fmt.Errorf("audit the batch's reports: %w", err)
	}
	// copying_peers over no reports finds nothing: a batch whose reports
	// share no band (or have no narrative) does not run it.
	skip := map[string]bool{"copying_peers": len(s.peers) == 0}
	if _, err := db.audit(ctx, conn, s.sql(), false, skip, now); err != nil {
		return fmt.Errorf("audit the batch's reports: %w", err)
	}
	return nil
}

// audit runs prepare, which fills the temporary objects the rules read
// (audit_batch.go) and clears the findings they replace, then every rule
// file but those skip names; with all set it clears every finding and
// counts what it wrote.
func (db *DB) audit(ctx context.Context, conn *sql.Conn, prepare string, all bool, skip map[string]bool, now time.Time) (AuditStats, error) {
	st := AuditStats{Findings: map[string]int{}, Failed: map[string]int{}, Spent: map[string]time.Duration{}}
	if all {
		prepare += `;
DELETE FROM findings`
	}
	done := step(ctx, "audit values")
	if _, err := conn.ExecContext(ctx, prepare); err != nil {
		return st, fmt.Errorf("scope: %w", err)
	}
	done()
	names, err := fs.Glob(ruleFiles, "sql/audit/*.sql")
	if err != nil {
		return st, err
	}
	for _, n := range names {
		body, err := ruleFiles.ReadFile(n)
		if err != nil {
			return st, err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(n, "sql/audit/"), ".sql")
		if skip[name] {
			continue
		}
		start := time.Now()
		if _, err := conn.ExecContext(ctx, insertFindings(string(body)), now); err != nil {
			return st, fmt.Errorf("rule %s: %w", name, err)
		}
		st.Spent[name] = time.Since(start)
		stepsOf(ctx).add("audit "+name, st.Spent[name])
	}
	if !all {
		return st, nil
	}
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM audit_scope`).Scan(&st.Reports); err != nil {
		return st, fmt.Errorf("scope: %w", err)
	}
	return st, countFindings(ctx, conn, &st)
}

// insertFindings wraps a rule's SELECT: the finding's stable id, its
// agency and year, and its message rendered from the catalogue.
func insertFindings(rule string) string {
	return `INSERT INTO findings
SELECT left(md5(concat_ws('|', f.rule, coalesce('a' || r.agency_id, 'r' || r.id), r.year, f.subject)), 16),
	f.rule, f.report_id, r.agency_id, r.year, f.subject, f.ok, f.expected, f.actual, f.figure, f.cells,
	f.other_report_id, f.other_cells, f.detail,
	CASE WHEN f.ok = false THEN audit_render(u.message, coalesce(f.label, l.label, f.subject), f.expected, f.actual, f.figure, f.detail) END,
	?
FROM (SELECT ` + findingColumns + ` FROM (` + strings.TrimRight(strings.TrimSpace(rule), ";") + `)) f
JOIN reports r ON r.id = f.report_id
JOIN rules u ON u.id = f.rule
LEFT JOIN audit_labels l ON l.key = f.subject`
}

func countFindings(ctx context.Context, conn *sql.Conn, st *AuditStats) error {
	return each(ctx, conn, `SELECT rule, count(*), count(*) FILTER (WHERE ok = false) FROM findings
		WHERE report_id IN (SELECT report_id FROM audit_scope) GROUP BY rule`, nil, func(r *sql.Rows) error {
		var rule string
		var n, failed int
		err := r.Scan(&rule, &n, &failed)
		st.Findings[rule], st.Failed[rule] = n, failed
		return err
	})
}

// inTx runs f between BEGIN and COMMIT on conn, rolling back on error.
func inTx[T any](ctx context.Context, conn *sql.Conn, f func() (T, error)) (T, error) {
	var zero T
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return zero, err
	}
	v, err := f()
	if err == nil {
		_, err = conn.ExecContext(ctx, "COMMIT")
	}
	if err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return zero, err
	}
	return v, nil
}

// joinIDs prints ids for an IN list (integers: nothing to quote).
func joinIDs(ids []int64) string {
	s := append([]int64(nil), ids...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	parts := make([]string, 0, len(s))
	for i, id := range s {
		if i == 0 || id != s[i-1] {
			parts = append(parts, strconv.FormatInt(id, 10))
		}
	}
	return strings.Join(parts, ",")
}

// auditCatalogSQL is the audit's part of the derived catalog: the rules
// view generated from the catalogue, then sql/audit_views.sql.
func auditCatalogSQL() (string, error) {
	rs, err := touming.Rules()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("-- rules: the rule catalogue (rules.tsv), generated.\nCREATE OR REPLACE VIEW rules AS SELECT * FROM (VALUES\n")
	for i, r := range rs {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "\t(%s, %s, %s, %s, %s, %s)", quoteString(r.ID), quoteString(r.Scope), quoteString(r.Severity),
			quoteString(r.Source), quoteString(r.Message), quoteString(r.Definition))
	}
	b.WriteString("\n) t(id, scope, severity, source, message, definition);\n")
	views, err := ruleFiles.ReadFile("sql/audit_views.sql")
	if err != nil {
		return "", err
	}
	b.Write(views)
	return b.String(), nil
}
