package warehouse

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/touming/touming"
)

// cellsBefore is the file that holds the cells view's text before
// migration 015 (grid_labels joined twice), which cmd/touming's
// TestCellsViewUnchanged compares on the sample portal's warehouse too.
const cellsBefore = "../cmd/touming/testdata/sql_before/cells.sql"

// The layout tables hold, for each report, the hash of its labels, and for
// each layout a report names, the labels of any report of it: equal for
// all of them unless two label sets share a hash.
func init() {
	derivedDefs["derived_report_layouts"] = `SELECT report_id, bit_xor(md5_number(concat_ws(chr(31), "table", axis, idx, label)))
		FROM grid_labels GROUP BY report_id`
	derivedDefs["derived_layouts"] = `SELECT DISTINCT y.layout, l."table", l.axis, l.idx, l.label
		FROM derived_report_layouts y JOIN grid_labels l ON l.report_id = y.report_id`
}

// labelled is a 2021 report whose cells print the fields' own labels as
// genReports places them, with the row labels of table 三 changed by
// relabel (nil: none) and no label at all when bare.
func labelled(agency string, year int, relabel func(string) string, bare bool) *touming.Report {
	fs := touming.MustFields().For(touming.Template2021)
	grid := gridOf(fs)
	r := &touming.Report{Template: touming.Template2021, Values: map[string]*float64{}}
	r.Meta.Agency, r.Meta.Year, r.Meta.Title = agency, year, agency+"年度报告"
	for j, f := range fs {
		c := touming.Cell{Key: f.Key, Table: f.Table, Row: grid[j][0], Col: grid[j][1], Class: touming.ClassBlank}
		if j%7 != 0 { // every seventh blank: a null value and raw
			c.Value, c.Raw, c.Class = touming.Float(float64(j)), fmt.Sprint(j), touming.ClassNumber
		}
		if !bare {
			c.RowLabel, c.ColLabel = f.Row, f.Column
			if relabel != nil && f.Table == "三" {
				c.RowLabel = relabel(f.Row)
			}
		}
		r.Values[f.Key] = c.Value
		r.Cells = append(r.Cells, c)
	}
	return r
}

// TestDerivedLayoutsFollowBatches writes reports that share a layout, one
// that words its rows otherwise, one with no label and the test corpus,
// then loads them again, re-extracts two (one to the common layout, whose
// old layout no report then names, one to a layout new to the warehouse),
// fails a batch, rebuilds (touming check) and backfills (migration 015 on
// a warehouse that predates it): after each, the cells view equals its
// text before migration 015 and the layout tables their definitions.
func TestDerivedLayoutsFollowBatches(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	before, err := os.ReadFile(cellsBefore)
	if err != nil {
		t.Fatal(err)
	}
	check := func(step string, layouts int64) []string {
		t.Helper()
		checkDerived(t, db, step)
		got := sortedRows(t, db, "SELECT * FROM cells")
		if want := sortedRows(t, db, string(before)); !reflect.DeepEqual(got, want) {
			t.Errorf("after %s: cells has %d rows, want %d as before migration 015", step, len(got), len(want))
		}
		if n := one(t, db, "SELECT count(DISTINCT layout) FROM derived_layouts"); n != layouts {
			t.Errorf("after %s: %v layouts, want %d", step, n, layouts)
		}
		return got
	}
	numbered := func(s string) string { return "（一）" + s }
	items := []Item{
		{Document: doc("https://example.gov.cn/a.html", "a"), Report: labelled("甲县人民政府", 2021, nil, false)},
		{Document: doc("https://example.gov.cn/b.html", "b"), Report: labelled("乙县人民政府", 2021, nil, false)},
		{Document: doc("https://example.gov.cn/c.html", "c"), Report: labelled("丙县人民政府", 2021, numbered, false)},
		{Document: doc("https://example.gov.cn/d.html", "d"), Report: labelled("丁县人民政府", 2021, nil, true)},
	}
	items = append(items, truthItems(t)...)
	write(t, db, items...)
	first := check("the first load", 2)
	write(t, db, items...)
	if again := check("the same load again", 2); !reflect.DeepEqual(again, first) {
		t.Errorf("the same load again changed the cells")
	}

	docs, err := db.Archived(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var re []Item
	for _, d := range docs {
		switch d.URL {
		case "https://example.gov.cn/c.html": // now worded as the others
			re = append(re, Item{Document: d, Report: labelled("丙县人民政府", 2021, nil, false)})
		case "https://example.gov.cn/b.html": // now worded as no other
			re = append(re, Item{Document: d, Report: labelled("乙县人民政府", 2021, func(s string) string { return s + " " }, false)})
		}
	}
	if len(re) != 2 {
		t.Fatalf("found %d of the 2 documents to re-extract", len(re))
	}
	write(t, db, re...)
	reextracted := check("reextract", 2)

	_, err = db.Write(ctx, []Item{{Document: doc("https://example.gov.cn/new.html", "new"), Report: labelled("戊县人民政府", 2021, numbered, false)},
		{Document: touming.Document{ID: 4242}, Report: labelled("己县人民政府", 2021, nil, false)}})
	mustContain(t, err, "document 4242 is not in the warehouse")
	if after := check("a failed batch", 2); !reflect.DeepEqual(after, reextracted) {
		t.Errorf("a failed batch changed the cells")
	}
	if _, err := db.Audit(ctx); err != nil {
		t.Fatal(err)
	}
	check("touming check", 2)

	if _, err := db.sql.ExecContext(ctx, `DROP TABLE derived_layouts; DROP TABLE derived_report_layouts;
		DELETE FROM schema_migrations WHERE version = 15`); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	if db, err = Open(ctx, path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if migrated := check("migration 015", 2); !reflect.DeepEqual(migrated, reextracted) {
		t.Errorf("migration 015's backfill gives other cells than the batches")
	}
}
