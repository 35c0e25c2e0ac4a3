package main

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/touming/touming/warehouse"
)

// TestReportValuesViewUnchanged compares the report_values view, rewritten
// to stream at national scale, with its earlier text (testdata/sql_before)
// on the sample portal's warehouse: the same rows, whole and filtered.
func TestReportValuesViewUnchanged(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := "(" + readSQL(t, filepath.Join("testdata", "sql_before", "report_values.sql")) + ")"
	for _, where := range []string{"", "WHERE report_id = (SELECT max(id) FROM reports WHERE latest)",
		"WHERE agency = (SELECT min(agency) FROM reports WHERE latest)", "WHERE value IS NULL"} {
		want, err := db.Query(ctx, 0, "SELECT * FROM "+before+" "+where)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Query(ctx, 0, "SELECT * FROM report_values "+where)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Rows) == 0 {
			t.Errorf("%q: no rows before: the comparison shows nothing", where)
		}
		sortRows(got)
		sortRows(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %d rows, want %d", where, len(got.Rows), len(want.Rows))
		}
	}
}
