package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/warehouse"
)

func TestExportParquetRoundTrip(t *testing.T) {
	db := loadedDB(t)
	out := filepath.Join(t.TempDir(), "export")
	code, stdout, errs := runCmd(t, "export", "--db", db, "--out", out)
	if code != 0 || !strings.Contains(stdout, "as parquet") {
		t.Fatalf("export exited %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "report_values", "year=2019")); err != nil {
		t.Fatalf("report_values is not partitioned by year: %v", err)
	}
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	glob := filepath.Join(out, "report_values", "*", "*.parquet")
	tb, err := w.Query(context.Background(), 0, `SELECT
		(SELECT count(*) FROM read_parquet(?, hive_partitioning = true)),
		(SELECT count(*) FROM report_values),
		(SELECT count(*) FROM (SELECT report_id, key, value FROM report_values
			EXCEPT SELECT report_id, key, value FROM read_parquet(?, hive_partitioning = true)))`, glob, glob)
	if err != nil {
		t.Fatal(err)
	}
	if r := tb.Rows[0]; r[0] != r[1] || r[2] != int64(0) {
		t.Fatalf("parquet read back: %v rows of %v, %v differ", r[0], r[1], r[2])
	}
	if code, _, _ := runCmd(t, "export", "--db", db, "--out", out, "--format", "csv"); code != 0 {
		t.Fatalf("csv export exited %d", code)
	}
	b, err := os.ReadFile(filepath.Join(out, "report_wide_2019.csv"))
	if err != nil || !strings.HasPrefix(string(b), "report_id,source_id,url,agency") {
		t.Fatalf("report_wide_2019.csv: %v %.80q", err, b)
	}
}
