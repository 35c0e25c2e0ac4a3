package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// The page queries rewritten to read only the reports a page shows (issue
// 17) answer what their earlier text answered, on the sample portal's
// warehouse, for every argument a page can give them. The earlier text is
// kept in testdata/sql_before under the query's name.
func TestRewrittenQueriesUnchanged(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, err := db.Query(ctx, 0, `SELECT id FROM agencies ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	args := map[string][][]any{"agency_reports": {}, "quality_checks": {{}}, "quality_conflicts": {{}}}
	for _, r := range ids.Rows {
		args["agency_reports"] = append(args["agency_reports"], []any{r[0]})
	}
	for name, sets := range args {
		before := readSQL(t, filepath.Join("testdata", "sql_before", name+".sql"))
		after := readSQL(t, filepath.Join("..", "..", "charts", "sql", name+".sql"))
		rows := 0
		for _, a := range sets {
			want, err := db.Query(ctx, 0, before, a...)
			if err != nil {
				t.Fatalf("%s before, %v: %v", name, a, err)
			}
			got, err := db.Query(ctx, 0, after, a...)
			if err != nil {
				t.Fatalf("%s, %v: %v", name, a, err)
			}
			if tiesOrdered[name] {
				// The new text orders rows that tied before by their id,
				// so that the page's pages hold still: the same rows, in
				// an order the old text also allowed.
				sortRows(got)
				sortRows(want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s%v:\n got %v\nwant %v", name, a, got, want)
			}
			rows += len(want.Rows)
		}
		if rows == 0 {
			t.Errorf("%s: no rows for any argument: the comparison shows nothing", name)
		}
	}
	// The sample has copies that differ from the chosen report: the count
	// that agency_reports rewrote is exercised.
	differ, err := db.Query(ctx, 0, `SELECT count(*) FROM report_alternatives WHERE differing_cells > 0`)
	if err != nil || differ.Rows[0][0].(int64) == 0 {
		t.Errorf("the sample warehouse has no differing copies (%v, %v): agency_reports' count goes untested", differ, err)
	}
}

// tiesOrdered are the rewritten queries that now break ties in their
// order by an id.
var tiesOrdered = map[string]bool{"quality_checks": true, "quality_conflicts": true}

func sortRows(t *touming.Table) {
	slices.SortFunc(t.Rows, func(a, b []any) int { return strings.Compare(fmt.Sprint(a...), fmt.Sprint(b...)) })
}

func readSQL(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
