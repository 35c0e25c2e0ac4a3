package warehouse

import (
	"context"
	"testing"
)

// TestMigration003KeepsCells builds a file at migration 002, with a cell in
// the old cells table, and opens it: the cell, its key and its labels are
// still there, through the cells view.
func TestMigration003KeepsCells(t *testing.T) {
	ctx := context.Background()
	s, path := migratedTo(t, 2)
	if _, err := s.ExecContext(ctx, `INSERT INTO cells VALUES
		(1, 'review.total', 7, '7', 'number', '四', 3, 5, '行政复议', '总计', true),
		(1, 'review.pending', NULL, '', 'blank', '四', 3, 4, '行政复议', '尚未审结', true)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tb, err := db.Query(ctx, 0, `SELECT key, value, raw, class, "table", row_label, col_label FROM cells ORDER BY col`)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{"review.pending", nil, "", "blank", "四", "行政复议", "尚未审结"},
		{"review.total", 7.0, "7", "number", "四", "行政复议", "总计"},
	}
	for i, row := range tb.Rows {
		for j, v := range row {
			if v != want[i][j] {
				t.Fatalf("row %d column %s = %v, want %v", i, tb.Columns[j], v, want[i][j])
			}
		}
	}
	// Every field has an id, and the migrated keys kept theirs.
	if n := count(t, db, "fields WHERE key NOT IN (SELECT key FROM field_ids)"); n != 0 {
		t.Fatalf("%d fields have no id", n)
	}
}

// TestMigrationsRunUnderLimits applies a migration that records DuckDB's
// settings while it runs: the upgrade's memory_limit, threads and a
// temp_directory beside the file; after it the open's settings are back.
func TestMigrationsRunUnderLimits(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	settings := `SELECT current_setting('memory_limit'), current_setting('threads')::VARCHAR, current_setting('temp_directory')`
	var mem, threads, tmp string
	if err := db.sql.QueryRowContext(ctx, settings).Scan(&mem, &threads, &tmp); err != nil {
		t.Fatal(err)
	}
	m := migration{version: 999, name: "999_settings.sql", sql: `CREATE TABLE seen AS ` + settings}
	if err := db.migrateTo(ctx, []migration{m}); err != nil {
		t.Fatal(err)
	}
	got := []any{one(t, db, `SELECT "current_setting('memory_limit')" FROM seen`),
		one(t, db, `SELECT CAST("CAST(current_setting('threads') AS VARCHAR)" AS VARCHAR) FROM seen`),
		one(t, db, `SELECT "current_setting('temp_directory')" FROM seen`)}
	if got[0] != "953.6 MiB" || got[1] != "1" || got[2] != db.Path()+".tmp" {
		t.Errorf("settings during the migration = %v, want 953.6 MiB (1GB), 1 thread, %s.tmp", got, db.Path())
	}
	var mem2, threads2, tmp2 string
	if err := db.sql.QueryRowContext(ctx, settings).Scan(&mem2, &threads2, &tmp2); err != nil {
		t.Fatal(err)
	}
	if mem2 != mem || threads2 != threads {
		t.Errorf("settings after the migration = %s, %s threads; want %s, %s as before", mem2, threads2, mem, threads)
	}
}
