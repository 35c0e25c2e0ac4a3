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
	sameAsBefore(t, db, "report_values", "", "WHERE report_id = (SELECT max(id) FROM reports WHERE latest)",
		"WHERE agency = (SELECT min(agency) FROM reports WHERE latest)", "WHERE value IS NULL")
}

// sameAsBefore fails unless view has the rows of its earlier text,
// testdata/sql_before/VIEW.sql, under each of wheres.
func sameAsBefore(t *testing.T, db *warehouse.DB, view string, wheres ...string) {
	t.Helper()
	ctx := context.Background()
	before := "(" + readSQL(t, filepath.Join("testdata", "sql_before", view+".sql")) + ")"
	for _, where := range wheres {
		want, err := db.Query(ctx, 0, "SELECT * FROM "+before+" "+where)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Query(ctx, 0, "SELECT * FROM "+view+" "+where)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Rows) == 0 {
			t.Errorf("%s %q: no rows before: the comparison shows nothing", view, where)
		}
		sortRows(got)
		sortRows(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q: %d rows, want %d", view, where, len(got.Rows), len(want.Rows))
		}
	}
}

// TestCellsViewUnchanged compares the cells view, which reads its labels
// through each report's layout since migration 015, with its earlier text
// (testdata/sql_before/cells.sql) on the sample portal's warehouse: the
// same rows, whole and filtered on a report and on the labels.
func TestCellsViewUnchanged(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	layouts, err := db.Query(ctx, 0, `SELECT count(DISTINCT layout), count(*), (SELECT count(*) FROM derived_layouts),
		(SELECT count(*) FROM grid_labels) FROM derived_report_layouts`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("layouts, reports with labels, layout labels, grid labels: %v", layouts.Rows[0])
	sameAsBefore(t, db, "cells", "", "WHERE report_id = (SELECT max(id) FROM reports)",
		"WHERE row_label = (SELECT min(label) FROM grid_labels WHERE axis = 'row')",
		"WHERE col_label = (SELECT max(label) FROM grid_labels WHERE axis = 'col')",
		`WHERE "table" = '二' AND col_label IS NOT NULL`)
}
