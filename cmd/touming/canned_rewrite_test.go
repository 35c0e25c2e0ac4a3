package main

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// TestRewrittenCannedUnchanged: the SQL page's canned queries rewritten to
// read only the fields they need at national scale (issue 17) give the
// rows their earlier text gave (testdata/sql_before/canned_NAME.sql) on
// the sample portal's warehouse, for every field key a page can ask for.
func TestRewrittenCannedUnchanged(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := db.Query(ctx, 0, `SELECT key FROM fields ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	var byKey []map[string]string
	for _, r := range keys.Rows {
		byKey = append(byKey, map[string]string{":key": "'" + r[0].(string) + "'"})
	}
	args := map[string][]map[string]string{
		"cells_of_field": byKey,
		// Every county's row (the order's ties then cannot change which
		// rows are cut off), and the page's default 20 compared by value.
		"counties_most_applications": {{":limit": "1000000"}},
		"review_correction_by_year":  {{}},
		"review_correction_pooled":   {{}},
	}
	for name, sets := range args {
		before := readSQL(t, filepath.Join("testdata", "sql_before", "canned_"+name+".sql"))
		after := readSQL(t, filepath.Join("..", "..", "charts", "canned", name+".sql"))
		rows := 0
		for _, a := range sets {
			want, got := cannedRows(t, db, bind(before, a)), cannedRows(t, db, bind(after, a))
			sortRows(want)
			sortRows(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %v:\n got %v\nwant %v", name, a, got, want)
			}
			rows += len(want.Rows)
		}
		if rows == 0 {
			t.Errorf("%s: no rows for any argument: the comparison shows nothing", name)
		}
	}
	top := func(q string) []any {
		var out []any
		for _, r := range cannedRows(t, db, bind(q, map[string]string{":limit": "20"})).Rows {
			out = append(out, r[4])
		}
		return out
	}
	name := "counties_most_applications"
	got := top(readSQL(t, filepath.Join("..", "..", "charts", "canned", name+".sql")))
	if want := top(readSQL(t, filepath.Join("testdata", "sql_before", "canned_"+name+".sql"))); !reflect.DeepEqual(got, want) {
		t.Errorf("%s, the first 20: applications %v, want %v", name, got, want)
	}
}

// bind puts the values in for the named parameters, as the SQL page does.
func bind(q string, args map[string]string) string {
	for k, v := range args {
		q = strings.ReplaceAll(q, k, v)
	}
	return q
}

func cannedRows(t *testing.T, db *warehouse.DB, q string) *touming.Table {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, q)
	if err != nil {
		t.Fatalf("%.200s: %v", q, err)
	}
	return tb
}
