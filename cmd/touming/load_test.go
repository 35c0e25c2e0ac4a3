package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// whEnv is an env around buffers, for the warehouse commands' tests.
func whEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	e.log = slog.New(slog.NewTextHandler(&errb, nil))
	return e, &out, &errb
}

// runCmd runs the binary's dispatcher with args and returns its exit
// status and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	e, out, errb := whEnv()
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// truth reads a truth file of testdata/truth: field key → number or nil.
func truth(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "truth", name+".truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLoadRealReports loads the seed's and the corpus's report files with
// `touming load` and reads every value back with `touming sql`.
func TestLoadRealReports(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, out, errs := runCmd(t, "load", "--db", db, "--batch", "2", "testdata/reports")
	if code != 0 {
		t.Fatalf("load exited %d: %s", code, errs)
	}
	for _, want := range []string{"6 files loaded", "4 new report versions", "2 without a report"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "broken.pdf") || !strings.Contains(errs, "notice.html") {
		t.Errorf("the files without a report are not named:\n%s", errs)
	}
	files := map[string]string{
		"pingtan-2024": "pingtan-2024.html", "shanghai-office-2019": "shanghai-office-2019.html",
		"huaian-city-2024": "huaian-city-2024.txt", "xinxiang-county-2023": "sub/xinxiang-county-2023.txt",
	}
	for name, file := range files {
		abs, _ := filepath.Abs(filepath.Join("testdata", "reports", file))
		checkValues(t, db, abs, truth(t, name))
	}
	code, out, _ = runCmd(t, "load", "--db", db, "testdata/reports")
	if code != 0 || !strings.Contains(out, "6 unchanged") || !strings.Contains(out, "0 new report versions") {
		t.Fatalf("reload exited %d:\n%s", code, out)
	}
}

// checkValues compares report_values of the report at url with want.
func checkValues(t *testing.T, db, url string, want map[string]any) {
	t.Helper()
	code, out, errs := runCmd(t, "sql", "--db", db, "--format", "json",
		"SELECT key, value FROM report_values WHERE url = '"+url+"'")
	if code != 0 {
		t.Fatalf("sql exited %d: %s", code, errs)
	}
	var rows []struct {
		Key   string
		Value *float64
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("sql --format json printed invalid JSON: %v\n%s", err, out)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no values", url)
	}
	for _, r := range rows {
		w, ok := want[r.Key]
		switch {
		case !ok:
			t.Errorf("%s: %s is not in the truth", filepath.Base(url), r.Key)
		case w == nil && r.Value != nil:
			t.Errorf("%s: %s = %v, want null", filepath.Base(url), r.Key, *r.Value)
		case w != nil && (r.Value == nil || *r.Value != w.(float64)):
			t.Errorf("%s: %s = %v, want %v", filepath.Base(url), r.Key, deref(r.Value), w)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestLoadUsage(t *testing.T) {
	for _, args := range [][]string{{"load", "x"}, {"load", "--db", "w.duckdb"}, {"load", "--db", "w.duckdb", "--batch", "0", "x"}} {
		if code, _, _ := runCmd(t, args...); code != 2 {
			t.Errorf("%v exited %d, want 2", args, code)
		}
	}
	code, _, errs := runCmd(t, "load", "--db", filepath.Join(t.TempDir(), "w.duckdb"), "testdata/nosuchfile.html")
	if code != 1 || !strings.Contains(errs, "nosuchfile.html") {
		t.Fatalf("a missing file: exit %d, %s", code, errs)
	}
}

// TestLoadChangedFile edits a report file between two loads: the second
// load adds a version, and the first stays queryable.
func TestLoadChangedFile(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile("testdata/reports/sub/xinxiang-county-2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "xinxiang.txt")
	os.WriteFile(file, b, 0o644)
	db := filepath.Join(dir, "w.duckdb")
	if code, _, errs := runCmd(t, "load", "--db", db, dir); code != 0 {
		t.Fatalf("load: %s", errs)
	}
	// Change a cell of table 二: 行政规范性文件 现行有效件数, 2 → 3.
	before := truth(t, "xinxiang-county-2023")["active.normative.in_force"].(float64)
	changed := strings.Replace(string(b), "行政规范性文件\t2\t0\t2", "行政规范性文件\t2\t0\t3", 1)
	if changed == string(b) {
		t.Fatal("the row to edit is not in the file")
	}
	os.WriteFile(file, []byte(changed), 0o644)
	code, out, errs := runCmd(t, "load", "--db", db, dir)
	if code != 0 || !strings.Contains(out, "1 new report versions") {
		t.Fatalf("second load exited %d:\n%s%s", code, out, errs)
	}
	code, out, _ = runCmd(t, "sql", "--db", db, "--format", "csv",
		`SELECT r.version, r.latest, c.value FROM reports r JOIN cells c ON c.report_id = r.id
		 WHERE c.key = 'active.normative.in_force' AND c.canonical ORDER BY r.version`)
	want := "version,latest,value\n1,false," + strconv.FormatFloat(before, 'f', -1, 64) + "\n2,true,3\n"
	if code != 0 || out != want {
		t.Fatalf("versions:\n%s\nwant:\n%s", out, want)
	}
}
