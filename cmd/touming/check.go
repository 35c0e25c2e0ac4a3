package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/touming/touming/internal/tabular"
	"github.com/touming/touming/warehouse"
)

// checkConfig is what `touming check` was asked to do.
type checkConfig struct {
	db     string
	failed int
	chunk  int
	memory string
}

func parseCheck(e *env, args []string) (checkConfig, error) {
	var c checkConfig
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.db, "db", "", "the warehouse file")
	fl.IntVar(&c.failed, "failed", 20, "then list this many failing findings (errors first; 0: none)")
	fl.IntVar(&c.chunk, "chunk", 25000, "latest reports per pass of the rules (memory grows with it)")
	fl.StringVar(&c.memory, "memory", "", "DuckDB's memory limit for the run, e.g. 2GB (default: DuckDB's, 80% of RAM)")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming check --db FILE [--failed N]\n\nReruns the rule catalogue's warehouse rules (C5, C7, C8, completeness, timeliness,\ncopying, copying_peers, yoy_jump) on every latest report, replacing their findings,\nand prints per rule how many hold, fail and cannot be assessed (C1–C4 and C6, run\nat extraction, are counted as stored). The rules run in passes of --chunk reports,\nwith progress on stderr; the findings are replaced in one transaction, so an\ninterrupted or failed check leaves them as they were. See docs/audit.md.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	if c.db == "" {
		return c, fmt.Errorf("%w: --db FILE is required", errUsage)
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q", errUsage, fl.Arg(0))
	}
	return c, nil
}

// checkSummary counts the findings per rule, in the catalogue's order.
const checkSummary = `SELECT u.id AS rule, u.severity, count(f.rule) AS findings,
	count(*) FILTER (WHERE f.ok) AS holds, count(*) FILTER (WHERE NOT f.ok) AS fails,
	count(*) FILTER (WHERE f.rule IS NOT NULL AND f.ok IS NULL) AS not_assessable
FROM rules u LEFT JOIN audit_findings f ON f.rule = u.id
GROUP BY ALL ORDER BY min(list_position((SELECT list(id) FROM rules), u.id))`

// checkFailed lists failing findings, errors first.
const checkFailed = `SELECT f.id, f.rule, f.severity, r.agency, f.year, f.message, r.url
FROM audit_findings f JOIN reports r ON r.id = f.report_id
WHERE NOT f.ok
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.rule, r.agency, f.year, f.id
LIMIT %d`

// runCheck reruns the catalogue on the whole warehouse.
func runCheck(ctx context.Context, e *env, args []string) error {
	c, err := parseCheck(e, args)
	if err != nil {
		return err
	}
	db, err := warehouse.Open(ctx, c.db, warehouse.Options{LockWait: time.Minute})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	st, err := db.AuditWith(ctx, warehouse.AuditOptions{ChunkReports: c.chunk, MemoryLimit: c.memory,
		Progress: func(p warehouse.AuditProgress) { checkProgress(e, p) }})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "touming check: %d latest reports audited in %s (%s)\n", st.Reports, time.Since(start).Round(time.Millisecond), spent(st))
	if err := printQuery(ctx, e, db, checkSummary); err != nil {
		return err
	}
	if c.failed > 0 {
		fmt.Fprintln(e.stdout)
		return printQuery(ctx, e, db, fmt.Sprintf(checkFailed, c.failed))
	}
	return nil
}

// checkProgress tells on stderr how far the rules are, then that the
// derived tables are being rebuilt.
func checkProgress(e *env, p warehouse.AuditProgress) {
	if p.Step == "derived" {
		fmt.Fprintf(e.stderr, "touming check: rules done in %s; rebuilding the derived tables\n", p.Elapsed.Round(time.Second))
		return
	}
	fmt.Fprintf(e.stderr, "touming check: %d of %d latest reports audited (%s)\n", p.Done, p.Of, p.Elapsed.Round(time.Second))
}

// printQuery prints a query's result as a table on stdout.
func printQuery(ctx context.Context, e *env, db *warehouse.DB, q string) error {
	w := tabular.New(e.stdout, tabular.Text, tabular.Options{})
	if err := db.Stream(ctx, q, w); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("print the result: %w", err)
	}
	return nil
}

// spent lists the time of each rule file, slowest first.
func spent(st warehouse.AuditStats) string {
	names := make([]string, 0, len(st.Spent))
	for n := range st.Spent {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return st.Spent[names[i]] > st.Spent[names[j]] })
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " " + st.Spent[n].Round(time.Millisecond).String()
	}
	return strings.Join(parts, ", ")
}
