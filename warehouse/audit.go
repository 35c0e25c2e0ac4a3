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

// auditTouched reruns the rules, inside a batch's transaction, on the
// latest reports of the agencies a batch touched (a new 2023 report
// changes its agency's 2024 findings too) and of the agencies rewritten
// reports left (oldAgencies), and copying_peers on the reports sharing a
// band with any of them (oldBands: the bands of narratives re-extraction
// replaced). What it writes equals what Audit would (audit_batch_test.go).
// It returns the reports whose findings it replaced when it covered the
// batch's agency-years only (yearScope), nil when it covered whole
// agencies: derive's scope.
func (db *DB) auditTouched(ctx context.Context, conn *sql.Conn, touched, oldAgencies []int64, oldBands []bandKey, now time.Time) ([]int64, error) {
	if len(touched) == 0 {
		return nil, nil
	}
	done := step(ctx, "audit scope")
	s, err := loadBatchScope(ctx, conn, touched, oldAgencies, oldBands)
	done()
	if err != nil {
		return nil, fmt.Errorf("audit the batch's reports: %w", err)
	}
	// copying_peers over no reports finds nothing: a batch whose reports
	// share no band (or have no narrative) does not run it.
	skip := map[string]bool{"copying_peers": len(s.peers) == 0}
	if err := db.audit(ctx, conn, s.sql(), skip, now, map[string]time.Duration{}); err != nil {
		return nil, fmt.Errorf("audit the batch's reports: %w", err)
	}
	if s.byAgency {
		return nil, nil
	}
	return s.clear, nil
}

// audit runs prepare, which fills the temporary objects the rules read
// (audit_batch.go, audit_full.go) and clears the findings they replace,
// then every rule file but those skip names, adding each one's time to
// spent.
func (db *DB) audit(ctx context.Context, conn *sql.Conn, prepare string, skip map[string]bool, now time.Time, spent map[string]time.Duration) error {
	done := step(ctx, "audit values")
	if _, err := conn.ExecContext(ctx, prepare); err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	done()
	names, err := fs.Glob(ruleFiles, "sql/audit/*.sql")
	if err != nil {
		return err
	}
	for _, n := range names {
		body, err := ruleFiles.ReadFile(n)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(n, "sql/audit/"), ".sql")
		if skip[name] {
			continue
		}
		start := time.Now()
		if _, err := conn.ExecContext(ctx, insertFindings(string(body)), now); err != nil {
			return fmt.Errorf("rule %s: %w", name, err)
		}
		d := time.Since(start)
		spent[name] += d
		stepsOf(ctx).add("audit "+name, d)
	}
	return nil
}

// insertFindings wraps a rule's SELECT: the finding's stable id, its
// agency and year, and its message rendered from the catalogue. The
// agency and year come from audit_ids, the few reports in scope: joined
// with reports, DuckDB built its hash table on the million reports inside
// a batch's transaction (0.1-0.3 s a rule at 1 M).
func insertFindings(rule string) string {
	return `INSERT INTO findings
SELECT left(md5(concat_ws('|', f.rule, coalesce('a' || r.agency_id, 'r' || r.id), r.year, f.subject)), 16),
	f.rule, f.report_id, r.agency_id, r.year, f.subject, f.ok, f.expected, f.actual, f.figure, f.cells,
	f.other_report_id, f.other_cells, f.detail,
	CASE WHEN f.ok = false THEN audit_render(u.message, coalesce(f.label, l.label, f.subject), f.expected, f.actual, f.figure, f.detail) END,
	?
FROM (SELECT ` + findingColumns + ` FROM (` + strings.TrimRight(strings.TrimSpace(rule), ";") + `)) f
JOIN audit_ids r ON r.id = f.report_id
JOIN rules u ON u.id = f.rule
LEFT JOIN audit_labels l ON l.key = f.subject`
}

// countFindings counts the findings per rule, and of them the failing.
func countFindings(ctx context.Context, conn *sql.Conn, st *AuditStats) error {
	return each(ctx, conn, `SELECT rule, count(*), count(*) FILTER (WHERE ok = false) FROM findings GROUP BY rule`, nil, func(r *sql.Rows) error {
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
