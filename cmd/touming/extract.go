package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// extractResult is the JSON line printed for one file with --json. Every
// field is always present: null where the file gave no report.
type extractResult struct {
	File     string              `json:"file"`
	Status   string              `json:"status"` // touming.ReportStatus: ok, partial, not_report, no_tables, …
	Template *touming.Template   `json:"template"`
	Meta     *touming.Meta       `json:"meta"`
	Values   map[string]*float64 `json:"values"`
	Cells    []touming.Cell      `json:"cells"`
	Checks   []touming.Check     `json:"checks"`
	Tables   []touming.TableRead `json:"tables"` // how much of 二, 三 and 四 was read
	Error    *string             `json:"error"`
}

// extractFlags are the settings of one `touming extract` run.
type extractFlags struct {
	json    bool
	soffice string
	files   []string
}

// runExtract is `touming extract [--json] FILE...`: it reads report files
// and prints their tables and checks. A file that fails is reported with
// its reason and the others are still read; the exit status is then 1.
func runExtract(ctx context.Context, e *env, args []string) error {
	f, err := parseExtract(e, args)
	if err != nil || f == nil {
		return err
	}
	x := extract.New(extract.Config{Soffice: f.soffice, OCR: ocrReader(e)})
	defer x.Close()
	failed := 0
	for _, name := range f.files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res := extractFile(x, name, e.stdin)
		if res.Error != nil {
			failed++
		}
		if err := printResult(e, res, f.json); err != nil {
			return err
		}
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "touming extract: %d of %d files gave no report\n", failed, len(f.files))
		return errSilent
	}
	return nil
}

// parseExtract reads the command line; nil flags and no error mean -h.
func parseExtract(e *env, args []string) (*extractFlags, error) {
	var f extractFlags
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.BoolVar(&f.json, "json", false, "print one JSON object per file, one per line")
	fs.StringVar(&f.soffice, "soffice", "", "LibreOffice binary for legacy .doc files (default: soffice or libreoffice on PATH)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming extract [--json] [--soffice PATH] FILE|DIR|- ...")
		fmt.Fprintln(e.stderr, "\nReads annual reports (HTML, text, PDF, Word) and prints their standard tables and checks.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, fmt.Errorf("%w: no files given", errUsage)
	}
	files, err := expandArgs(fs.Args())
	if err != nil {
		return nil, err
	}
	f.files = files
	return &f, nil
}

// expandArgs replaces each directory argument by the files in it (sorted,
// hidden ones skipped), so that `touming extract reports/` reads them all.
// "-" stays: it is standard input. A missing path stays too: it gets its
// error line like any file that cannot be read.
func expandArgs(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			out = append(out, a)
			continue
		}
		ents, err := os.ReadDir(a)
		if err != nil {
			return nil, fmt.Errorf("read directory %s: %w", a, err)
		}
		for _, e := range ents {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, filepath.Join(a, e.Name()))
			}
		}
	}
	return out, nil
}

// extractFile reads and extracts one file; its error, if any, names the
// file and the reason.
func extractFile(x *extract.Extractor, name string, stdin io.Reader) extractResult {
	res := extractResult{File: name}
	data, err := readInput(name, stdin)
	var rep *touming.Report
	if err == nil {
		rep, err = x.Extract(extract.Input{Name: name, Data: data, Images: localImages(name, data)})
	}
	res.Status = touming.ReportStatus(rep, err)
	if err != nil {
		msg := err.Error()
		res.Error = &msg
		return res
	}
	res.Template, res.Meta = &rep.Template, &rep.Meta
	res.Values, res.Cells, res.Checks = rep.Values, rep.Cells, rep.Checks
	res.Tables = rep.Tables
	return res
}

// readInput reads a file, or standard input for "-".
func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name != "-" {
		return os.ReadFile(name)
	}
	if stdin == nil {
		return nil, errors.New("no standard input")
	}
	b, err := io.ReadAll(stdin)
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	return b, nil
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
