package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// AuditOptions is how Audit runs the catalogue over the whole warehouse.
type AuditOptions struct {
	// ChunkReports is how many latest reports one pass of the rule files
	// covers (0: defaultChunk). A pass reads the cells of its reports and
	// of their agencies' other years only, so memory is bounded by the
	// chunk, not by the warehouse.
	ChunkReports int
	// MemoryLimit, when set, is DuckDB's memory_limit for the run (e.g.
	// "2GB"): past it DuckDB spills to the file's temporary directory.
	MemoryLimit string
	// Progress, when set, is called after each pass with the latest
	// reports audited so far and in all, then with Step "derived" before
	// the derived tables are rebuilt.
	Progress func(AuditProgress)
}

// AuditProgress is where a running Audit is.
type AuditProgress struct {
	Step    string // "rules" or "derived"
	Done    int    // latest reports audited so far
	Of      int    // latest reports in all
	Elapsed time.Duration
}

// defaultChunk keeps a pass's values (its reports' cells, ~190 a report,
// and their agencies' other years) to a few hundred MB.
const defaultChunk = 25000

// Audit reruns the warehouse's rules of the catalogue on every latest
// report (touming check), with the default options.
func (db *DB) Audit(ctx context.Context) (AuditStats, error) {
	return db.AuditWith(ctx, AuditOptions{})
}

// AuditWith reruns the rules on every latest report in passes of
// ChunkReports reports by id, through the same scoped path a batch's audit
// takes, and replaces every finding in one transaction: a failed or
// interrupted run leaves the findings as they were.
func (db *DB) AuditWith(ctx context.Context, opts AuditOptions) (AuditStats, error) {
	if db.readOnly {
		return AuditStats{}, fmt.Errorf("audit %s: opened read-only", db.path)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return AuditStats{}, fmt.Errorf("audit %s: %w", db.path, err)
	}
	defer conn.Close()
	if opts.MemoryLimit != "" {
		if _, err := conn.ExecContext(ctx, `SET memory_limit = `+quoteString(opts.MemoryLimit)); err != nil {
			return AuditStats{}, fmt.Errorf("audit %s: memory limit %q: %w", db.path, opts.MemoryLimit, err)
		}
	}
	st, err := inTx(ctx, conn, func() (AuditStats, error) { return db.auditAll(ctx, conn, opts) })
	if err != nil {
		return AuditStats{}, fmt.Errorf("audit %s: %w", db.path, err)
	}
	return st, nil
}

// auditAll clears every finding, runs the passes, counts what they wrote
// and rebuilds the derived tables (every finding changed).
func (db *DB) auditAll(ctx context.Context, conn *sql.Conn, opts AuditOptions) (AuditStats, error) {
	st := AuditStats{Findings: map[string]int{}, Failed: map[string]int{}, Spent: map[string]time.Duration{}}
	size := opts.ChunkReports
	if size <= 0 {
		size = defaultChunk
	}
	chunks, err := auditChunks(ctx, conn, size)
	if err != nil {
		return st, err
	}
	for _, c := range chunks {
		st.Reports += c.n
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM findings`); err != nil {
		return st, fmt.Errorf("clear the findings: %w", err)
	}
	start, now, done := time.Now(), time.Now().UTC(), 0
	for _, c := range chunks {
		if err := db.audit(ctx, conn, rangeScope(c.lo, c.hi), nil, now, st.Spent); err != nil {
			return st, fmt.Errorf("reports %d-%d: %w", c.lo, c.hi, err)
		}
		done += c.n
		progress(opts, AuditProgress{Step: "rules", Done: done, Of: st.Reports, Elapsed: time.Since(start)})
	}
	if err := countFindings(ctx, conn, &st); err != nil {
		return st, err
	}
	progress(opts, AuditProgress{Step: "derived", Done: done, Of: st.Reports, Elapsed: time.Since(start)})
	d := time.Now()
	err = rebuildDerived(ctx, conn) // derived.go
	st.Spent["derived tables"] = time.Since(d)
	return st, err
}

func progress(opts AuditOptions, p AuditProgress) {
	if opts.Progress != nil {
		opts.Progress(p)
	}
}

// auditChunk is a range of report ids holding n latest reports.
type auditChunk struct {
	lo, hi int64
	n      int
}

// auditChunks cuts the latest reports, in id order, into ranges of size.
func auditChunks(ctx context.Context, conn *sql.Conn, size int) ([]auditChunk, error) {
	var cs []auditChunk
	err := each(ctx, conn, `SELECT min(id), max(id), count(*) FROM (
		SELECT id, (row_number() OVER (ORDER BY id) - 1) // `+strconv.Itoa(size)+` AS chunk FROM reports WHERE latest)
		GROUP BY chunk ORDER BY chunk`, nil, func(r *sql.Rows) error {
		var c auditChunk
		err := r.Scan(&c.lo, &c.hi, &c.n)
		cs = append(cs, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cut the reports into passes: %w", err)
	}
	return cs, nil
}

// rangeScope fills the rules' temporary objects (audit_batch.go) for the
// latest reports with ids lo to hi: audit_r holds every latest report of
// their agencies (a rule compares a report with its agency's previous
// year, wherever its id is), audit_v their cells, and each report's
// copying_peers finding is written with the pass of the report. (One
// statement with an OR of the two conditions took a second at 1 M.)
func rangeScope(lo, hi int64) string {
	in := `BETWEEN ` + strconv.FormatInt(lo, 10) + ` AND ` + strconv.FormatInt(hi, 10)
	return `CREATE OR REPLACE TEMP TABLE audit_scope AS SELECT id AS report_id FROM reports WHERE latest AND id ` + in + `;
CREATE OR REPLACE TEMP TABLE audit_rt AS SELECT * FROM reports WHERE latest AND id ` + in + `;
INSERT INTO audit_rt SELECT * FROM reports WHERE latest AND id NOT ` + in + `
	AND agency_id IN (SELECT agency_id FROM audit_rt);
CREATE OR REPLACE TEMP VIEW audit_r AS SELECT * FROM audit_rt;
CREATE OR REPLACE TEMP TABLE audit_vt AS SELECT v.report_id, r.agency_id, r.year, i.key, v.value
	FROM cell_values v JOIN field_ids i ON i.id = v.field_id JOIN audit_rt r ON r.id = v.report_id
	WHERE v.canonical AND v.report_id IN (SELECT id FROM audit_rt);
CREATE OR REPLACE TEMP VIEW audit_v AS SELECT * FROM audit_vt;
CREATE OR REPLACE TEMP VIEW audit_peer_scope AS SELECT report_id FROM audit_scope;
` + auditIDsSQL
}
