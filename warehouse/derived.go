package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
)

// derivedFiles are the statements that keep the derived tables of
// migration 011 (derived_reports, derived_conflicts, derived_documents)
// equal to what the page queries once computed over the whole warehouse:
// derived_scope.sql first, then one file per table. Each reads the temp
// tables derived_touched (report ids), derived_urls (document URLs) and
// derived_docs (the ids of the documents at those URLs).
//
//go:embed sql/derived_*.sql
var derivedFiles embed.FS

// derive brings the derived tables up to date with what the batch wrote,
// inside its transaction: the reports it touched and their agencies, the
// URLs of the documents it added or re-wrote. A batch that changed nothing
// costs nothing.
func (w *writer) derive(ctx context.Context) error {
	if err := w.deriveFigures(ctx); err != nil { // derived_figures.go: migration 013's tables
		return err
	}
	urls := make([]string, 0, len(w.rows.docs)+len(w.lk.docs))
	for _, d := range w.rows.docs {
		urls = append(urls, d.doc.URL)
	}
	for _, d := range w.lk.docs {
		urls = append(urls, d.url)
	}
	if len(w.touched) == 0 && len(urls) == 0 {
		return nil
	}
	// The documents at those URLs: the batch's own and those stored
	// before, found by their keys in what the lookups read of lookup_keys
	// (every URL here was one of their keys; a scan of the 4 M keys at 1 M
	// costs ~30 ms): derived_documents.sql reads them by id, not every
	// document's URL.
	done := step(ctx, "derive document ids")
	docIDs, err := w.lk.keys.idsOf(ctx, w.conn, keyDocURL, urls)
	done()
	if err != nil {
		return fmt.Errorf("derived tables: documents at the batch's URLs: %w", err)
	}
	for _, d := range w.rows.docs {
		docIDs = append(docIDs, d.id)
	}
	ids := make([]any, len(w.touched))
	for i, id := range w.touched {
		ids[i] = id
	}
	// The audit figures of the reports the batch's audit just ran on (its
	// audit_scope, audit.go) are in the findings it wrote at w.now, at the
	// end of the table, where DuckDB skips every older row group: the
	// findings of the whole warehouse are not read again.
	audited := `CREATE OR REPLACE TEMP TABLE derived_audited AS SELECT report_id FROM audit_scope`
	if len(w.touched) == 0 {
		audited = `CREATE OR REPLACE TEMP TABLE derived_audited AS SELECT NULL::BIGINT AS report_id WHERE false`
	}
	return deriveFrom(ctx, w.conn, w.derivedScope(), []stmt{
		{`CREATE OR REPLACE TEMP TABLE derived_touched AS SELECT unnest(?::BIGINT[]) AS id`, []any{ids}},
		{`CREATE OR REPLACE TEMP TABLE derived_urls AS SELECT DISTINCT unnest(?::VARCHAR[]) AS url`, []any{urls}},
		{`CREATE OR REPLACE TEMP TABLE derived_docs AS SELECT unnest(` + idArray(docIDs) + `) AS id`, nil},
		{audited, nil},
	}, []stmt{
		{`CREATE OR REPLACE TEMP TABLE derived_findings AS SELECT report_id, rule, ok FROM findings
			WHERE checked_at = ? AND rule IN ` + auditRules + ` AND report_id IN (SELECT report_id FROM derived_audited)`, []any{w.now}},
	}, true)
}

// derivedScope is the statement that fills derived_scope when the audit
// covered the batch's agency-years only: the reports whose findings it
// replaced, which hold every report whose latest flag, copy link, checks or
// audit figures the batch changed. Otherwise nil: derived_scope.sql takes
// every report of the agencies touched.
func (w *writer) derivedScope() *stmt {
	if w.redone == nil {
		return nil
	}
	return &stmt{`CREATE OR REPLACE TEMP TABLE derived_scope AS
		SELECT id AS report_id, rowid AS rid FROM reports WHERE id IN (SELECT unnest(` + idArray(w.redone) + `))`, nil}
}

// auditRules are the rules of the findings derived_reports counts.
const auditRules = `('C5', 'timeliness', 'completeness', 'copying')`

// stmt is one statement and its arguments.
type stmt struct {
	sql  string
	args []any
}

// rebuildDerived recomputes the derived tables whole (touming check, after
// the agencies are re-placed, and the first open after migration 011),
// inside the caller's transaction.
func rebuildDerived(ctx context.Context, conn *sql.Conn) error {
	err := deriveFrom(ctx, conn, nil, []stmt{
		{`CREATE OR REPLACE TEMP TABLE derived_touched AS SELECT id FROM reports`, nil},
		{`CREATE OR REPLACE TEMP TABLE derived_urls AS SELECT DISTINCT url FROM documents`, nil},
		{`CREATE OR REPLACE TEMP TABLE derived_docs AS SELECT id FROM documents`, nil},
		{`CREATE OR REPLACE TEMP TABLE derived_audited AS SELECT id AS report_id FROM reports`, nil},
	}, []stmt{
		{`CREATE OR REPLACE TEMP TABLE derived_findings AS SELECT report_id, rule, ok FROM findings WHERE rule IN ` + auditRules, nil},
	}, false)
	if err == nil {
		err = rebuildFigures(ctx, conn) // derived_figures.go: migration 013's tables
	}
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `UPDATE derived_state SET filled = true`); err != nil {
		return fmt.Errorf("derived tables: %w", err)
	}
	return nil
}

// fillDerived fills the derived tables of a warehouse that migration 011
// has just given them (an existing warehouse's backfill), in one
// transaction.
func (db *DB) fillDerived(ctx context.Context) error {
	var filled bool
	if err := db.sql.QueryRowContext(ctx, `SELECT bool_and(filled) FROM derived_state`).Scan(&filled); err != nil {
		return fmt.Errorf("derived tables: %w", err)
	}
	if filled {
		return nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("derived tables: %w", err)
	}
	defer conn.Close()
	// Under the upgrade's limits (migrate.go): it reads every cell.
	err = db.bounded(ctx, func() error {
		_, err := inTx(ctx, conn, func() (struct{}, error) { return struct{}{}, rebuildDerived(ctx, conn) })
		return err
	})
	if err != nil {
		return fmt.Errorf("fill the derived tables of %s: %w", db.path, err)
	}
	// The fill is the size of the warehouse: not left to every open to
	// replay (log.go).
	return db.checkpoint(ctx)
}

// deriveFrom runs setup (derived_touched, derived_urls, derived_docs,
// derived_audited), scope or, nil, derived_scope.sql, findings (derived_findings), then the files of the
// tables. With unaudited, the findings of reports newly latest that the
// batch's audit did not run on (an agency-year that chose again after a
// report left it) are added to derived_findings: they are few, and read
// only when there are any.
func deriveFrom(ctx context.Context, conn *sql.Conn, scope *stmt, setup, findings []stmt, unaudited bool) error {
	run := func(name string, ss []stmt) error {
		defer step(ctx, "derive "+name)()
		for _, s := range ss {
			if _, err := conn.ExecContext(ctx, s.sql, s.args...); err != nil {
				return fmt.Errorf("derived tables: %s: %w", name, err)
			}
		}
		return nil
	}
	if err := run("what the batch touched", setup); err != nil {
		return err
	}
	if scope != nil {
		if err := run("scope", []stmt{*scope}); err != nil {
			return err
		}
	} else if err := runDerivedFile(ctx, conn, "derived_scope"); err != nil {
		return err
	}
	if err := run("findings", findings); err != nil {
		return err
	}
	if unaudited {
		done := step(ctx, "derive unaudited")
		err := addUnaudited(ctx, conn)
		done()
		if err != nil {
			return err
		}
	}
	for _, name := range []string{"derived_reports", "derived_conflicts", "derived_documents", "derived_fields", "derived_layouts", "derived_main_figures"} {
		if err := runDerivedFile(ctx, conn, name); err != nil {
			return err
		}
	}
	// The pool hands the connection out again: its temp tables would show
	// in the schema.
	return run("clean up", []stmt{{`DROP TABLE derived_touched; DROP TABLE derived_urls; DROP TABLE derived_docs; DROP TABLE derived_scope;
		DROP TABLE derived_audited; DROP TABLE derived_findings; DROP TABLE derived_old`, nil}})
}

// addUnaudited adds to derived_findings the findings of the latest reports
// in scope that derived_reports did not hold and the audit did not run on.
// derived_reports is read for the scope's ids only: a NOT IN of the whole
// table hashed its million report ids in every batch (~0.1 s at 1 M).
func addUnaudited(ctx context.Context, conn *sql.Conn) error {
	var ids []any
	err := each(ctx, conn, `SELECT id FROM reports WHERE latest AND id IN (SELECT report_id FROM derived_scope)
		AND id NOT IN (SELECT report_id FROM derived_audited)
		AND id NOT IN (SELECT report_id FROM derived_reports WHERE report_id IN (SELECT report_id FROM derived_scope))`, nil,
		func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			ids = append(ids, id)
			return err
		})
	if err != nil || len(ids) == 0 {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO derived_findings SELECT report_id, rule, ok FROM findings
		WHERE rule IN `+auditRules+` AND report_id IN (SELECT unnest(?::BIGINT[]))`, ids)
	if err != nil {
		return fmt.Errorf("derived tables: findings of reports newly latest: %w", err)
	}
	return nil
}

func runDerivedFile(ctx context.Context, conn *sql.Conn, name string) error {
	defer step(ctx, "derive "+strings.TrimPrefix(name, "derived_"))()
	body, err := derivedFiles.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("derived tables: %s: %w", name, err)
	}
	return nil
}
