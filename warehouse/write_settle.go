package warehouse

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
)

// oneReportSQL settles, for the reports in settle_scope, which report is
// the one of its agency and year, and names the agencies of settle_named
// (see the file).
//
//go:embed sql/one_report.sql
var oneReportSQL string

// settle applies the one-report rule to every agency-year (all set; the
// agencies re-placed) or to those of the reports ids, and names each
// touched agency after its newest report.
func settle(ctx context.Context, conn *sql.Conn, ids []int64, all bool) error {
	if all {
		return runSettle(ctx, conn, settleAll)
	}
	return settleBatch(ctx, conn, ids, nil)
}

// settleBatch settles the agency-years of a batch's reports ids and names
// their agencies and those re-read reports left (left). The agency-years
// are found by the report ids, which DuckDB reads from the few row groups
// holding them, and their reports by agency and year: the rule then reads
// those reports, documents and cells by id (a million reports were
// scanned whole before, ~0.3 s a batch).
func settleBatch(ctx context.Context, conn *sql.Conn, ids, left []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return runSettle(ctx, conn, settleOf(ids, left))
}

// runSettle runs setup (the temp tables), one_report.sql, then drops them,
// each statement a step of its own ("settle 0", ...) for the benchmarks.
func runSettle(ctx context.Context, conn *sql.Conn, setup []string) error {
	stmts := append(setup, strings.Split(oneReportSQL, "\n-- next\n")...)
	stmts = append(stmts, `DROP TABLE settle_years; DROP TABLE settle_scope; DROP TABLE settle_named`)
	for i, s := range stmts {
		done := step(ctx, fmt.Sprintf("settle %d", i))
		_, err := conn.ExecContext(ctx, s)
		done()
		if err != nil {
			return fmt.Errorf("one report per agency and year: %w", err)
		}
	}
	return nil
}

// settleAll fills the temp tables of one_report.sql for every agency-year.
var settleAll = []string{
	`CREATE OR REPLACE TEMP TABLE settle_years AS SELECT DISTINCT agency_id, year FROM reports
		WHERE agency_id IS NOT NULL AND year IS NOT NULL`,
	settleScopeSQL,
	`CREATE OR REPLACE TEMP TABLE settle_named AS SELECT DISTINCT agency_id FROM reports WHERE agency_id IS NOT NULL`,
}

// settleScopeSQL fills settle_scope with the reports of settle_years.
const settleScopeSQL = `CREATE OR REPLACE TEMP TABLE settle_scope AS
	SELECT r.id, r.rowid AS rid, r.document_id FROM reports r
	JOIN settle_years t ON t.agency_id = r.agency_id AND t.year = r.year`

// settleOf fills them for the agency-years of the reports ids and of
// their copies (a report re-read as another agency's leaves copies in the
// agency-year it left, which chooses again), and names the agencies of
// those agency-years and the agencies left. The two lookups are apart: an
// OR of the two filters would read every report.
func settleOf(ids, left []int64) []string {
	list := `(SELECT unnest(` + idArray(ids) + `))`
	return []string{
		`CREATE OR REPLACE TEMP TABLE settle_years AS
			SELECT agency_id, year FROM reports WHERE id IN ` + list + ` AND agency_id IS NOT NULL AND year IS NOT NULL
			UNION
			SELECT agency_id, year FROM reports WHERE alternative_of IN ` + list + ` AND agency_id IS NOT NULL AND year IS NOT NULL`,
		settleScopeSQL,
		`CREATE OR REPLACE TEMP TABLE settle_named AS
			SELECT agency_id FROM reports WHERE id IN ` + list + ` AND agency_id IS NOT NULL
			UNION SELECT agency_id FROM settle_years
			UNION SELECT unnest(` + idArray(left) + `)`,
	}
}
