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
