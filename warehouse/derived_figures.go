package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// figureChunk is how many rewritten reports' cells one query reads: DuckDB
// prunes cell_values' row groups by a join's ids only while they are at
// most dynamic_or_filter_threshold (50); past it, by their range, which
// for old ids spans the table.
const figureChunk = 50

// deriveFigures brings derived_figures and derived_county_figures
// (migrations 013 and 016) up to date with the batch, inside its
// transaction: the figures of the reports whose cells it wrote (new
// reports, at the end of cell_values; re-extracted ones, whose old figures
// go), then the sums of the county-years it moved reports in or out of, in
// every county whose reports it wrote, re-flagged or moved (the county of
// each touched report's agency, of the agencies re-extracted reports left,
// and of their old figures). The one-report rule settles agency-years, so
// the reports whose latest flag moved are in those counties too. The sums
// are corrected by the moved reports' figures (derived_figures_moves.sql,
// derived_figures_apply.sql), read by their ids, not summed again from
// every report of the county.
func (w *writer) deriveFigures(ctx context.Context) error {
	written := w.cellReports()
	if len(written) == 0 && len(w.touched) == 0 {
		return nil
	}
	var fresh int64 // the first new report's id; 0 when the batch wrote none
	var rewritten []int64
	for _, id := range written {
		if id > w.lk.maxReport {
			if fresh == 0 || id < fresh {
				fresh = id
			}
			continue
		}
		rewritten = append(rewritten, id)
	}
	list := idArray(rewritten)
	before := []stmt{{`CREATE OR REPLACE TEMP TABLE figure_counties AS
		SELECT DISTINCT a.region_code FROM agencies a
		WHERE a.region_code IS NOT NULL AND (a.id IN (SELECT agency_id FROM reports WHERE id IN (SELECT unnest(` + idArray(w.touched) + `)))
			OR a.id IN (SELECT unnest(` + idArray(w.oldAgencies) + `)))`, nil},
		{`CREATE OR REPLACE TEMP TABLE fc_rewritten AS SELECT unnest(` + list + `) AS id`, nil}}
	var after []stmt
	if len(rewritten) > 0 {
		before = append(before, stmt{`INSERT INTO figure_counties SELECT DISTINCT region_code FROM derived_figures
				WHERE report_id IN (SELECT unnest(` + list + `)) AND region_code IS NOT NULL`, nil})
		after = append(after, stmt{`DELETE FROM derived_figures WHERE report_id IN (SELECT unnest(` + list + `))`, nil})
	}
	if fresh != 0 {
		after = append(after, stmt{figuresOf(`>= ` + strconv.FormatInt(fresh, 10)), nil})
	}
	for i := 0; i < len(rewritten); i += figureChunk {
		after = append(after, stmt{figuresOf(`IN (SELECT unnest(` + idArray(rewritten[i:min(i+figureChunk, len(rewritten))]) + `))`), nil})
	}
	before = append(before, fcMembers(w.redone)...)
	return runFigureMoves(ctx, w.conn, before, after)
}

// fcMembers are the statements that fill fc_old and fc_new (see
// derived_figures_moves.sql) with the latest reports of figure_counties'
// county-years before the batch and now: of every report there or, when
// the audit covered the batch's agency-years only (redone, derive's
// scope, which holds every report whose latest flag the batch moved; no
// report changed agency or year), of those reports only. A report outside
// them is in both or neither, so the moves are the same, and the reports
// are read by id instead of every report's agency, year and flag (~20 ms
// at 1 M).
func fcMembers(redone []int64) []stmt {
	oldOnly, newOnly := "", ""
	if redone != nil {
		oldOnly = ` AND report_id IN (SELECT unnest(` + idArray(redone) + `))`
		newOnly = ` AND r.id IN (SELECT unnest(` + idArray(redone) + `))`
	}
	return []stmt{{`CREATE OR REPLACE TEMP TABLE fc_old AS
		SELECT region_code, year, report_id FROM derived_county_figures
		WHERE report_id IS NOT NULL AND region_code IN (SELECT region_code FROM figure_counties)` + oldOnly, nil},
		// The test of a county's code is made on figure_counties' few
		// codes: on the agencies' side it ran on all of them (160 k at 1 M).
		{`CREATE OR REPLACE TEMP TABLE fc_new AS
		SELECT a.region_code, r.year, r.id AS report_id
		FROM reports r JOIN agencies a ON a.id = r.agency_id
		WHERE a.region_code IN (SELECT region_code FROM figure_counties
				WHERE length(region_code) = 6 AND right(region_code, 2) <> '00')
			AND r.latest AND r.year IS NOT NULL` + newOnly, nil}}
}

// runFigureMoves runs derived_figures_keys.sql, the statements before
// (figure_counties, fc_rewritten), derived_figures_moves.sql while the
// old figures are there, the statements after (the batch's figures) and
// derived_figures_apply.sql; then the counties it found inexact are
// summed again whole.
func runFigureMoves(ctx context.Context, conn *sql.Conn, before, after []stmt) error {
	err := runFigureSteps(
		func() error { return runDerivedFile(ctx, conn, "derived_figures_keys") },
		func() error { defer step(ctx, "derive figures before")(); return execAll(ctx, conn, before) },
		func() error { return runDerivedFile(ctx, conn, "derived_figures_moves") },
		func() error { defer step(ctx, "derive figures after")(); return execAll(ctx, conn, after) },
		func() error { return runDerivedFile(ctx, conn, "derived_figures_apply") },
		func() error { defer step(ctx, "derive figures inexact")(); return sumInexact(ctx, conn) })
	if err != nil {
		return err
	}
	// The pool hands the connection out again: its temp tables would show
	// in the schema.
	return execAll(ctx, conn, []stmt{{`DROP TABLE figure_keys; DROP TABLE figure_counties; DROP TABLE fc_rewritten;
		DROP TABLE fc_old; DROP TABLE fc_new; DROP TABLE fc_moves; DROP TABLE fc_delta;
		DROP TABLE fc_years; DROP TABLE fc_fields; DROP TABLE fc_inexact`, nil}})
}

// sumInexact sums again whole the counties of fc_inexact, if any.
func sumInexact(ctx context.Context, conn *sql.Conn) error {
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM fc_inexact`).Scan(&n); err != nil {
		return fmt.Errorf("derived figures: inexact counties: %w", err)
	}
	if n == 0 {
		return nil
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE figure_counties AS SELECT region_code FROM fc_inexact`); err != nil {
		return fmt.Errorf("derived figures: inexact counties: %w", err)
	}
	return runDerivedFile(ctx, conn, "derived_figures_counties")
}

// runFigureSteps runs steps in order until one fails.
func runFigureSteps(steps ...func() error) error {
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// execAll runs the statements ss.
func execAll(ctx context.Context, conn *sql.Conn, ss []stmt) error {
	for _, s := range ss {
		if _, err := conn.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("derived figures: %w", err)
		}
	}
	return nil
}

// figuresOf is the statement adding to derived_figures the figures of the
// reports whose ids pass ids (a condition on a report id column, such as
// ">= 5"). Their agencies are read by those reports' agency ids: joined
// whole, the agencies (160 k at 1 M) were hashed in every batch.
func figuresOf(ids string) string {
	return `INSERT INTO derived_figures
		SELECT v.report_id, a.region_code, r.year, v.field_id, v.value
		FROM cell_values v
		JOIN reports r ON r.id = v.report_id
		LEFT JOIN (SELECT id, region_code FROM agencies
			WHERE id IN (SELECT agency_id FROM reports WHERE id ` + ids + `)) a ON a.id = r.agency_id
		WHERE v.report_id ` + ids + ` AND v.canonical AND v.field_id IN (SELECT id FROM figure_keys)`
}

// rebuildFigures recomputes derived_figures and derived_county_figures
// whole (touming check, after the agencies are re-placed, and the first
// open after migration 011), inside the caller's transaction.
func rebuildFigures(ctx context.Context, conn *sql.Conn) error {
	return runFigures(ctx, conn, nil, "derived_figures_fill")
}

// runFigures runs derived_figures_keys.sql, then the statements ss and the
// files named (what fills derived_figures and figure_counties), then
// derived_figures_counties.sql.
func runFigures(ctx context.Context, conn *sql.Conn, ss []stmt, files ...string) error {
	if err := runDerivedFile(ctx, conn, "derived_figures_keys"); err != nil {
		return err
	}
	if err := execAll(ctx, conn, ss); err != nil {
		return err
	}
	for _, name := range append(files, "derived_figures_counties") {
		if err := runDerivedFile(ctx, conn, name); err != nil {
			return err
		}
	}
	// The pool hands the connection out again: its temp tables would show
	// in the schema.
	if _, err := conn.ExecContext(ctx, `DROP TABLE figure_keys; DROP TABLE figure_counties`); err != nil {
		return fmt.Errorf("derived figures: clean up: %w", err)
	}
	return nil
}

// cellReports are the reports whose cells the batch wrote, in the order it
// queued them (a report's cells are queued together).
func (w *writer) cellReports() []int64 {
	var ids []int64
	for _, c := range w.rows.cells {
		if n := len(ids); n == 0 || ids[n-1] != c.reportID {
			ids = append(ids, c.reportID)
		}
	}
	return ids
}
