package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// loadedDB loads the test reports into a new warehouse.
func loadedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	if code, _, errs := runCmd(t, "load", "--db", db, "testdata/reports"); code != 0 {
		t.Fatalf("load exited %d: %s", code, errs)
	}
	return db
}

func TestSQLFormats(t *testing.T) {
	db := loadedDB(t)
	q := `SELECT agency, year, "apply.granted.total" AS granted FROM report_wide_2019`
	code, out, errs := runCmd(t, "sql", "--db", db, "--format", "csv", q)
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	// Shanghai left the 总计 cell of 予以公开 blank: an empty CSV field.
	if want := "agency,year,granted\n上海市人民政府办公厅,2019,\n"; out != want {
		t.Fatalf("csv printed %q, want %q", out, want)
	}
	code, out, _ = runCmd(t, "sql", "--db", db, "--format", "json", q)
	if code != 0 || !strings.Contains(out, `"granted": null`) || !strings.Contains(out, `"year": 2019`) {
		t.Fatalf("json: exit %d:\n%s", code, out)
	}
	code, out, _ = runCmd(t, "sql", "--db", db, "SELECT agency, \"apply.total_processed.total\" AS total FROM report_wide_2019")
	if code != 0 || !strings.Contains(out, "上海市人民政府办公厅  805") || !strings.Contains(out, "(1 rows)") {
		t.Fatalf("table: exit %d:\n%s", code, out)
	}
}

// The aligned table rounds rates to six decimals; CSV keeps every digit.
func TestSQLTableRoundsCSVKeeps(t *testing.T) {
	db := loadedDB(t)
	q := "SELECT 2.0/3 AS r"
	if code, out, errs := runCmd(t, "sql", "--db", db, q); code != 0 || !strings.Contains(out, "0.666667") || strings.Contains(out, "0.6666666") {
		t.Fatalf("table: exit %d: %s%s", code, out, errs)
	}
	if code, out, errs := runCmd(t, "sql", "--db", db, "--format", "csv", q); code != 0 || !strings.Contains(out, "0.6666666666666666") {
		t.Fatalf("csv: exit %d: %s%s", code, out, errs)
	}
}

func TestSQLErrors(t *testing.T) {
	db := loadedDB(t)
	code, _, errs := runCmd(t, "sql", "--db", db, "SELECT nosuchcolumn FROM reports")
	if code != 1 || !strings.Contains(errs, "nosuchcolumn") {
		t.Fatalf("bad SQL: exit %d, %q", code, errs)
	}
	code, _, errs = runCmd(t, "sql", "--db", db, "DELETE FROM reports")
	if code != 1 || !strings.Contains(strings.ToLower(errs), "read-only") {
		t.Fatalf("a write through sql: exit %d, %q", code, errs)
	}
	code, _, errs = runCmd(t, "sql", "--db", filepath.Join(t.TempDir(), "none.duckdb"), "SELECT 1")
	if code != 1 || !strings.Contains(errs, "none.duckdb") {
		t.Fatalf("missing warehouse: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd(t, "sql", "--db", db, "--format", "xml", "SELECT 1"); code != 2 {
		t.Fatalf("bad format: exit %d, want 2", code)
	}
}
