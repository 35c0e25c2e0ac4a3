package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
)

// derivedFiles are the statements that keep the derived tables of
// migration 011 (derived_reports, derived_conflicts, derived_documents)
// equal to what the page queries once computed over the whole warehouse:
// derived_scope.sql first, then one file per table. Each reads the temp
// tables derived_touched (report ids) and derived_urls (document URLs).
//
//go:embed sql/derived_*.sql
var derivedFiles embed.FS

// derivedOrder is the order the files run in: the scope reads
// derived_reports before derived_reports.sql replaces its rows.
var derivedOrder = []string{"derived_scope", "derived_reports", "derived_conflicts", "derived_documents"}

// derive brings the derived tables up to date with what the batch wrote,
// inside its transaction: the reports it touched and their agencies, the
// URLs of the documents it added or re-wrote. A batch that changed nothing
// costs nothing.
func (w *writer) derive(ctx context.Context) error {
	urls := make([]any, 0, len(w.rows.docs)+len(w.lk.docs))
	for _, d := range w.rows.docs {
		urls = append(urls, d.doc.URL)
	}
	for _, d := range w.lk.docs {
		urls = append(urls, d.url)
	}
	if len(w.touched) == 0 && len(urls) == 0 {
		return nil
	}
	ids := make([]any, len(w.touched))
	for i, id := range w.touched {
		ids[i] = id
	}
	return deriveFrom(ctx, w.conn,
		`CREATE OR REPLACE TEMP TABLE derived_touched AS SELECT unnest(?::BIGINT[]) AS id`,
		`CREATE OR REPLACE TEMP TABLE derived_urls AS SELECT DISTINCT unnest(?::VARCHAR[]) AS url`, ids, urls)
}

// rebuildDerived recomputes the derived tables whole (touming check, after
// the agencies are re-placed, and the first open after migration 011),
// inside the caller's transaction.
func rebuildDerived(ctx context.Context, conn *sql.Conn) error {
	err := deriveFrom(ctx, conn,
		`CREATE OR REPLACE TEMP TABLE derived_touched AS SELECT id FROM reports`,
		`CREATE OR REPLACE TEMP TABLE derived_urls AS SELECT DISTINCT url FROM documents`, nil, nil)
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
	if _, err := inTx(ctx, conn, func() (struct{}, error) { return struct{}{}, rebuildDerived(ctx, conn) }); err != nil {
		return fmt.Errorf("fill the derived tables of %s: %w", db.path, err)
	}
	return nil
}

// deriveFrom fills derived_touched and derived_urls (with ids and urls
// when they are given), then runs the derived files.
func deriveFrom(ctx context.Context, conn *sql.Conn, touched, urls string, ids, us []any) error {
	var ta, ua []any
	if ids != nil || us != nil {
		ta, ua = []any{ids}, []any{us}
	}
	if _, err := conn.ExecContext(ctx, touched, ta...); err != nil {
		return fmt.Errorf("derived tables: reports touched: %w", err)
	}
	if _, err := conn.ExecContext(ctx, urls, ua...); err != nil {
		return fmt.Errorf("derived tables: documents touched: %w", err)
	}
	for _, name := range derivedOrder {
		body, err := derivedFiles.ReadFile("sql/" + name + ".sql")
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("derived tables: %s: %w", name, err)
		}
	}
	// The pool hands the connection out again: its temp tables would show
	// in the schema.
	if _, err := conn.ExecContext(ctx, `DROP TABLE derived_touched; DROP TABLE derived_urls; DROP TABLE derived_scope`); err != nil {
		return fmt.Errorf("derived tables: %w", err)
	}
	return nil
}
