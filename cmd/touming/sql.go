package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/touming/touming/internal/tabular"
	"github.com/touming/touming/warehouse"
)

// sqlConfig is what `touming sql` was asked to do.
type sqlConfig struct {
	db, format, query string
	max               int
	bom               bool
}

func parseSQL(e *env, args []string) (sqlConfig, error) {
	var c sqlConfig
	fl := flag.NewFlagSet("sql", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.db, "db", "", "the warehouse file")
	fl.StringVar(&c.format, "format", "table", "output: table, csv or json")
	fl.IntVar(&c.max, "max", 0, "print at most this many rows (0: all)")
	fl.BoolVar(&c.bom, "bom", false, "csv for Excel: start with a UTF-8 byte order mark, so that Excel reads the Chinese text, and make text cells that Excel would run as formulas (=, +, -, @) plain text")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming sql --db FILE [--format table|csv|json] [--bom] [--max N] \"SQL\"\n\nRuns SQL on the warehouse, opened read-only; \"-\" reads the SQL from stdin.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	c.query = strings.TrimSpace(strings.Join(fl.Args(), " "))
	switch {
	case c.db == "":
		return c, fmt.Errorf("%w: --db FILE is required", errUsage)
	case c.query == "":
		return c, fmt.Errorf("%w: give the SQL to run (or - to read it from stdin)", errUsage)
	case c.format != "table" && c.format != "csv" && c.format != "json":
		return c, fmt.Errorf("%w: --format %q: want table, csv or json", errUsage, c.format)
	case c.bom && c.format != "csv":
		return c, fmt.Errorf("%w: --bom goes with --format csv", errUsage)
	}
	return c, nil
}

// runSQL runs the analyst's SQL on the warehouse, opened read-only so that
// it never blocks or disturbs a load, and prints it through the formatter
// the SQL page's downloads use. It is not sandboxed: it runs with the
// analyst's own rights, like the duckdb shell would.
func runSQL(ctx context.Context, e *env, args []string) error {
	c, err := parseSQL(e, args)
	if err != nil {
		return err
	}
	if c.query == "-" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("read SQL from stdin: %w", err)
		}
		c.query = string(b)
	}
	db, err := warehouse.Open(ctx, c.db, warehouse.Options{ReadOnly: true, LockWait: 30 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	w := tabular.New(e.stdout, tabular.Format(c.format), tabular.Options{MaxRows: c.max, RowsLimit: "--max", JSONArray: true, Excel: c.bom})
	if err := db.Stream(ctx, c.query, w); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("print the result: %w", err)
	}
	if cut := w.Cut(); cut != "" && c.format != "table" {
		fmt.Fprintln(e.stderr, "touming sql: "+cut)
	}
	return nil
}
