package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/touming/touming/warehouse"
)

// runExport writes every table and view of the warehouse to a folder.
func runExport(ctx context.Context, e *env, args []string) error {
	var db, out, format string
	var bom bool
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&db, "db", "", "the warehouse file")
	fl.StringVar(&out, "out", "", "the folder to write to (created if missing)")
	fl.StringVar(&format, "format", "parquet", "parquet (partitioned by year) or csv")
	fl.BoolVar(&bom, "bom", false, "csv: start each file with a UTF-8 byte order mark, so that Excel reads the Chinese text")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming export --db FILE --out DIR [--format parquet|csv [--bom]]\n\nWrites every table and view, and the data dictionary (dictionary.csv); parquet is\npartitioned by year. In CSV whole numbers print as integers and lists as JSON.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	switch {
	case db == "" || out == "":
		return fmt.Errorf("%w: --db FILE and --out DIR are required", errUsage)
	case format != warehouse.FormatParquet && format != warehouse.FormatCSV:
		return fmt.Errorf("%w: --format %q: want parquet or csv", errUsage, format)
	case bom && format != warehouse.FormatCSV:
		return fmt.Errorf("%w: --bom goes with --format csv", errUsage)
	case fl.NArg() > 0:
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fl.Args())
	}
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true, LockWait: 30 * time.Second})
	if err != nil {
		return err
	}
	defer w.Close()
	names, err := w.ExportWith(ctx, out, warehouse.ExportOptions{Format: format, BOM: bom})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d tables and views of %s to %s as %s, with the data dictionary %s\n", len(names)-1, db, out, format, warehouse.DictionaryFile)
	return nil
}
