package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// --bom starts the CSV of `touming sql` and of every file `touming export`
// writes with a UTF-8 byte order mark (what Excel needs for Chinese text);
// without it there is none, and --bom is refused for other formats.
func TestBOM(t *testing.T) {
	db := loadedDB(t)
	const bom = "\uFEFF"
	code, out, errs := runCmd(t, "sql", "--db", db, "--format", "csv", "--bom", "SELECT agency FROM reports ORDER BY agency LIMIT 1")
	if code != 0 || !strings.HasPrefix(out, bom+"agency\n") {
		t.Fatalf("sql --bom: exit %d %q %s", code, out, errs)
	}
	if _, out, _ := runCmd(t, "sql", "--db", db, "--format", "csv", "SELECT 1 AS n"); strings.HasPrefix(out, bom) {
		t.Errorf("sql without --bom wrote a BOM: %q", out)
	}
	if code, _, _ := runCmd(t, "sql", "--db", db, "--format", "json", "--bom", "SELECT 1"); code != 2 {
		t.Errorf("sql --format json --bom: exit %d, want 2", code)
	}
	dir := filepath.Join(t.TempDir(), "csv")
	if code, _, errs := runCmd(t, "export", "--db", db, "--out", dir, "--format", "csv", "--bom"); code != 0 {
		t.Fatalf("export --bom: exit %d: %s", code, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) < 10 {
		t.Fatalf("export wrote %d CSV files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if !strings.HasPrefix(string(b), bom) {
			t.Errorf("%s has no BOM: %.20q", filepath.Base(f), b)
		}
	}
	if code, _, _ := runCmd(t, "export", "--db", db, "--out", dir, "--bom"); code != 2 {
		t.Errorf("export --bom with parquet: exit %d, want 2", code)
	}
}

// Counts print as integers (805, not 805.0) and list columns as JSON
// arrays in the CSV of both `touming sql` and `touming export`; the export
// carries the data dictionary with the wide views' column comments.
func TestCSVIntegersAndJSONLists(t *testing.T) {
	db := loadedDB(t)
	code, out, errs := runCmd(t, "sql", "--db", db, "--format", "csv",
		`SELECT "apply.total_processed.total" AS total, ['a', 'b'] AS l, {'k': 1} AS s, 0.5 AS half FROM report_wide_2019`)
	if code != 0 || out != "total,l,s,half\n805,\"[\"\"a\"\",\"\"b\"\"]\",\"{\"\"k\"\":1}\",0.5\n" {
		t.Fatalf("sql csv: exit %d %q %s", code, out, errs)
	}
	dir := filepath.Join(t.TempDir(), "csv")
	if code, _, errs := runCmd(t, "export", "--db", db, "--out", dir, "--format", "csv"); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	wide := readCSVFile(t, filepath.Join(dir, "report_wide_2019.csv"))
	col := indexOf(wide[0], "apply.total_processed.total")
	if col < 0 || wide[1][col] != "805" {
		t.Errorf("report_wide_2019.csv total: %q (column %d)", wide[1], col)
	}
	checks := readCSVFile(t, filepath.Join(dir, "checks.csv"))
	cells := indexOf(checks[0], "cells")
	if cells < 0 || !strings.HasPrefix(checks[1][cells], `["apply.`) {
		t.Errorf("checks.csv cells are not a JSON list: %q", checks[1])
	}
	for _, r := range checks[1:] {
		for i, v := range r {
			if strings.HasSuffix(v, ".0") {
				t.Errorf("checks.csv %s = %q: a whole number printed with .0", checks[0][i], v)
			}
		}
	}
	dict := readCSVFile(t, filepath.Join(dir, "dictionary.csv"))
	found := false
	for _, r := range dict {
		if r[0] == "report_wide_2019" && r[3] == "apply.total_processed.total" && strings.Contains(r[5], "总计") {
			found = true
		}
	}
	if !found {
		t.Errorf("dictionary.csv has no commented apply.total_processed.total of report_wide_2019 (%d rows)", len(dict))
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d records)", path, err, len(recs))
	}
	return recs
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// touming --version names the program, its module version and Go's.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		e, out, errb := whEnv()
		if code := run(context.Background(), e, []string{arg}); code != 0 {
			t.Fatalf("%s: exit %d: %s", arg, code, errb)
		}
		line := strings.TrimSpace(out.String())
		if !strings.HasPrefix(line, "touming ") || !strings.Contains(line, runtime.Version()) || !strings.Contains(line, "commit ") || strings.Contains(line, "\n") {
			t.Errorf("%s printed %q", arg, line)
		}
	}
}
