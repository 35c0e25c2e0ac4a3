package warehouse

import (
	"context"
	"reflect"
	"testing"

	"github.com/touming/touming"
)

// missingFieldsDef is what derived_missing_fields replaces: the template
// fields with no canonical cell, found by an anti-join over every cell as
// report_values' earlier text did (cmd/touming/testdata/sql_before), for
// every report. TestDerivedTablesFollowBatches checks it with the other
// derived tables; TestDerivedFieldsFollowBatches with reports that lack
// fields.
const missingFieldsDef = `SELECT r.id, f.key FROM reports r
	JOIN fields f ON f.template IN ('both', r.template)
	LEFT JOIN field_ids i ON i.key = f.key
	WHERE NOT EXISTS (SELECT 1 FROM cell_values v WHERE v.report_id = r.id AND v.field_id = i.id AND v.canonical)`

func init() { derivedDefs["derived_missing_fields"] = missingFieldsDef }

// TestDerivedFieldsFollowBatches writes reports with template fields that
// have no cell, one with none at all and a second version, then loads them
// again, re-extracts two (one now complete, one now missing more), fails a
// batch, rebuilds (touming check) and backfills (migrations 014, 017 and
// 018 on a warehouse that predates them): after each, derived_missing_fields
// equals the anti-join, derived_main_figures the canonical cells of its
// fields (blank, dashed and text ones too), and report_values equals its
// earlier text.
func TestDerivedFieldsFollowBatches(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	check := func(step string) []string {
		t.Helper()
		got := sortedRows(t, db, "SELECT * FROM derived_missing_fields")
		if want := sortedRows(t, db, missingFieldsDef); !reflect.DeepEqual(got, want) {
			t.Errorf("after %s: derived_missing_fields has %d rows, want %d:\n got %v\nwant %v", step, len(got), len(want), got, want)
		}
		figures := sortedRows(t, db, "SELECT * FROM derived_main_figures") // migration 017
		if want := sortedRows(t, db, mainFiguresDef); !reflect.DeepEqual(figures, want) {
			t.Errorf("after %s: derived_main_figures has %d rows, want %d:\n got %v\nwant %v", step, len(figures), len(want), figures, want)
		}
		return append(got, figures...)
	}
	items := append(truthItems(t), oddItems(t)...)
	write(t, db, items...)
	if rows := check("the first load"); len(rows) < 100 {
		t.Fatalf("only %d missing fields: the test data exercises too little", len(rows))
	}
	if n := count(t, db, "derived_main_figures WHERE value IS NULL"); n == 0 {
		t.Error("no blank, dashed or text figure: their null rows go untested")
	}
	write(t, db, items...)
	check("the same load again")

	docs, err := db.Archived(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var re []Item
	for _, d := range docs {
		switch d.URL {
		case "https://example.gov.cn/a.html": // now every field is read
			r := &touming.Report{Template: touming.Template2021, Values: map[string]*float64{}}
			r.Meta.Agency, r.Meta.Year = "甲县人民政府", 2021
			for i, f := range touming.MustFields().For(touming.Template2021) {
				r.Values[f.Key] = touming.Float(float64(i))
			}
			r.Cells = cellsOf(r.Values)
			re = append(re, Item{Document: d, Report: r})
		case "https://example.gov.cn/pingtan-2024.html": // now half its cells are lost
			r := truthReport(t, "pingtan-2024")
			r.Cells = r.Cells[:len(r.Cells)/2]
			re = append(re, Item{Document: d, Report: r})
		}
	}
	if len(re) != 2 {
		t.Fatalf("found %d of the 2 documents to re-extract", len(re))
	}
	write(t, db, re...)
	before := check("reextract")

	_, err = db.Write(ctx, []Item{{Document: doc("https://example.gov.cn/new.html", "new"), Report: oddItems(t)[0].Report},
		{Document: touming.Document{ID: 4242}, Report: truthReport(t, "pingtan-2024")}})
	mustContain(t, err, "document 4242 is not in the warehouse")
	if after := check("a failed batch"); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed batch changed derived_missing_fields")
	}
	if _, err := db.Audit(ctx); err != nil {
		t.Fatal(err)
	}
	check("touming check")

	if _, err := db.sql.ExecContext(ctx, `DROP TABLE derived_missing_fields; DROP TABLE derived_main_figures;
		DELETE FROM schema_migrations WHERE version IN (14, 17, 18)`); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	if db, err = Open(ctx, path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if migrated := check("migrations 014, 017 and 018"); !reflect.DeepEqual(migrated, before) {
		t.Errorf("migration 014's, 017's or 018's backfill differs from the batches' rows")
	}
}
