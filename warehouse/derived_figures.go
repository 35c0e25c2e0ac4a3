package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// figureChunk is how many rewritten reports' cells one query reads: DuckDB
// prunes cell_values' row groups by a join's ids only while they are at
// most dynamic_or_filter_threshold (50); past it, by their range, which
// for old ids spans the table.
const figureChunk = 50

// deriveFigures brings derived_figures and derived_county_figures
// (migration 013) up to date with the batch, inside its transaction: the
// figures of the reports whose cells it wrote (new reports, at the end of
// cell_values; re-extracted ones, whose old figures go), then the sums of
// every county whose reports it wrote, re-flagged or moved (the county of
// each touched report's agency, of the agencies re-extracted reports left,
// and of their old figures). The one-report rule settles agency-years, so
// the reports whose latest flag moved are in those counties too.
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
	ss := []stmt{{`CREATE OR REPLACE TEMP TABLE figure_counties AS
		SELECT DISTINCT a.region_code FROM agencies a
		WHERE a.region_code IS NOT NULL AND (a.id IN (SELECT agency_id FROM reports WHERE id IN (SELECT unnest(` + idArray(w.touched) + `)))
			OR a.id IN (SELECT unnest(` + idArray(w.oldAgencies) + `)))`, nil}}
	if len(rewritten) > 0 {
		list := idArray(rewritten)
		ss = append(ss,
			stmt{`INSERT INTO figure_counties SELECT DISTINCT region_code FROM derived_figures
				WHERE report_id IN (SELECT unnest(` + list + `)) AND region_code IS NOT NULL`, nil},
			stmt{`DELETE FROM derived_figures WHERE report_id IN (SELECT unnest(` + list + `))`, nil})
	}
	if fresh != 0 {
		ss = append(ss, stmt{figuresOf(`v.report_id >= ?`), []any{fresh}})
	}
	for i := 0; i < len(rewritten); i += figureChunk {
		ss = append(ss, stmt{figuresOf(`v.report_id IN (SELECT unnest(` + idArray(rewritten[i:min(i+figureChunk, len(rewritten))]) + `))`), nil})
	}
	return runFigures(ctx, w.conn, ss)
}

// figuresOf is the statement adding the figures of the reports that where
// picks (a condition on cell_values v) to derived_figures.
func figuresOf(where string) string {
	return `INSERT INTO derived_figures
		SELECT v.report_id, a.region_code, r.year, v.field_id, v.value
		FROM cell_values v
		JOIN reports r ON r.id = v.report_id
		LEFT JOIN agencies a ON a.id = r.agency_id
		WHERE ` + where + ` AND v.canonical AND v.field_id IN (SELECT id FROM figure_keys)`
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
	for _, s := range ss {
		if _, err := conn.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("derived figures: %w", err)
		}
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
