package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// extractResult is the JSON line printed for one file with --json. Every
// field is always present: null where the file gave no report.
type extractResult struct {
	File     string              `json:"file"`
	Status   string              `json:"status"` // touming.StatusOf the error: ok, not_report, no_tables, …
	Template *touming.Template   `json:"template"`
	Meta     *touming.Meta       `json:"meta"`
	Values   map[string]*float64 `json:"values"`
	Cells    []touming.Cell      `json:"cells"`
	Checks   []touming.Check     `json:"checks"`
	Error    *string             `json:"error"`
}

// runExtract is `touming extract [--json] FILE...`: it reads report files
// and prints their tables and checks. A file that fails is reported with
// its reason and the others are still read; the exit status is then 1.
func runExtract(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per file, one per line")
	soffice := fs.String("soffice", "", "LibreOffice binary for legacy .doc files (default: soffice or libreoffice on PATH)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming extract [--json] [--soffice PATH] FILE...")
		fmt.Fprintln(e.stderr, "\nReads annual reports (HTML, text, PDF, Word) and prints their standard tables and checks.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no files given", errUsage)
	}
	x := extract.New(extract.Config{Soffice: *soffice})
	defer x.Close()
	failed := 0
	for _, name := range fs.Args() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res := extractFile(x, name)
		if res.Error != nil {
			failed++
		}
		if err := printResult(e, res, *asJSON); err != nil {
			return err
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "touming extract: %d of %d files gave no report\n", failed, fs.NArg())
		return errSilent
	}
	return nil
}

// extractFile reads and extracts one file; its error, if any, names the
// file and the reason.
func extractFile(x *extract.Extractor, name string) extractResult {
	res := extractResult{File: name}
	data, err := os.ReadFile(name)
	var rep *touming.Report
	if err == nil {
		rep, err = x.Extract(extract.Input{Name: name, Data: data})
	}
	res.Status = touming.StatusOf(err)
	if err != nil {
		msg := err.Error()
		res.Error = &msg
		return res
	}
	res.Template, res.Meta = &rep.Template, &rep.Meta
	res.Values, res.Cells, res.Checks = rep.Values, rep.Cells, rep.Checks
	return res
}

func printResult(e *env, res extractResult, asJSON bool) error {
	if asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("encode %s: %w", res.File, err)
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	if res.Error != nil {
		fmt.Fprintf(e.stderr, "touming extract: %s\n", *res.Error)
		return nil
	}
	return printTables(e.stdout, res)
}
