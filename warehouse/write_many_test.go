package warehouse

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// manySpecs are batches whose later ones depend on the earlier: a copy of
// an agency-year that differs, a new version at a URL written before, the
// same report under another URL, a failed document, a reissue.
func manySpecs(t *testing.T) []BatchSpec {
	page := doc("https://example.gov.cn/2023/report.html", "page")
	page2 := doc(page.URL, "page v2")
	page2.FetchedAt = page.FetchedAt.AddDate(0, 1, 0)
	re := agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 5)
	re.Meta.Published = "2024-03-01"
	first := truthItems(t)
	return []BatchSpec{
		{ID: "r/a/1", RunID: "r", Items: append(first,
			Item{Document: page, Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 0), true)},
			Item{Document: touming.Document{URL: "https://example.gov.cn/broken.pdf", Status: touming.StatusFailed, Error: "corrupt"}})},
		{ID: "r/b/1", RunID: "r", Items: []Item{
			{Document: doc("https://example.gov.cn/2023/copy.html", "copy"), Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发改局", 2023, 1), true)},
			{Document: page2, Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 3)},
			{Document: doc("https://example.gov.cn/again.html", "again"), Report: truthReport(t, truthNames[0])}}},
		{ID: "r/c/1", RunID: "r", Items: []Item{
			{Document: doc("https://example.gov.cn/2023/reissue.html", "reissue"), Report: re},
			{Document: doc("https://example.gov.cn/broken.pdf", "fixed"), Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2022, 0)}}},
	}
}

// tableRows are the rows of every table of the warehouse, without their
// timestamps (two warehouses written at different times), printed and
// sorted per table.
func tableRows(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, `SELECT table_name, string_agg('"' || column_name || '"', ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_schema = 'main' AND data_type NOT LIKE 'TIMESTAMP%'
			AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'main')
		GROUP BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range tb.Rows {
		name, cols := r[0].(string), r[1].(string)
		out[name] = sortedRows(t, db, "SELECT "+cols+" FROM \""+name+"\"")
	}
	return out
}

// TestWriteOnceManyEqualsOneAfterAnother writes the same batches one
// transaction each into one warehouse and in one WriteOnceMany into
// another: every table (derived and audit ones included) holds the same
// rows, and the derived tables equal the queries they replace.
func TestWriteOnceManyEqualsOneAfterAnother(t *testing.T) {
	ctx := context.Background()
	seq, many := openTemp(t), openTemp(t)
	var want Stats
	for _, s := range manySpecs(t) {
		st, loaded, err := seq.WriteOnce(ctx, s.ID, s.RunID, s.Items)
		if err != nil || !loaded {
			t.Fatalf("%s: loaded %v, %v", s.ID, loaded, err)
		}
		want.Add(st)
	}
	loaded, st, err := many.WriteOnceMany(ctx, manySpecs(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(loaded, []bool{true, true, true}) || st != want {
		t.Fatalf("loaded %v, stats %+v, want %+v", loaded, st, want)
	}
	if st.Reports < 8 || st.Duplicates == 0 || st.Failed == 0 {
		t.Fatalf("the batches exercise too little: %+v", st)
	}
	a, b := tableRows(t, seq), tableRows(t, many)
	if len(a) < 10 {
		t.Fatalf("only %d tables compared", len(a))
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range a {
			if !yield(k) {
				return
			}
		}
	}) {
		if !reflect.DeepEqual(a[name], b[name]) {
			t.Errorf("%s differs:\none after another %s\nin one go         %s", name,
				strings.Join(a[name], "\n    "), strings.Join(b[name], "\n    "))
		}
	}
	checkDerived(t, many, "WriteOnceMany")
}

// TestWriteOnceManySkipsWrittenBatches: a batch recorded before, or named
// twice in one call, adds nothing and is reported not loaded.
func TestWriteOnceManySkipsWrittenBatches(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	specs := manySpecs(t)
	if _, _, err := db.WriteOnce(ctx, specs[0].ID, "r", specs[0].Items); err != nil {
		t.Fatal(err)
	}
	before := count(t, db, "documents")
	again := []BatchSpec{specs[0], specs[1], specs[1]}
	loaded, st, err := db.WriteOnceMany(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(loaded, []bool{false, true, false}) {
		t.Fatalf("loaded %v", loaded)
	}
	if got := count(t, db, "documents"); got != before+int64(len(specs[1].Items)) || st.Documents != len(specs[1].Items) {
		t.Fatalf("documents %d -> %d, stats %+v", before, got, st)
	}
	if n := count(t, db, "batches"); n != 2 {
		t.Fatalf("%d batches recorded", n)
	}
	loaded, st, err = db.WriteOnceMany(ctx, again[:2])
	if err != nil || anyTrue(loaded) || st != (Stats{}) {
		t.Fatalf("all written before: loaded %v, %+v, %v", loaded, st, err)
	}
}

// TestWriteOnceManyIsAtomic: a batch that fails (a re-extraction of a
// document not in the warehouse) loses the whole group, written before it
// or not; the group written again afterwards is whole.
func TestWriteOnceManyIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	specs := manySpecs(t)
	bad := BatchSpec{ID: "r/d/1", Items: []Item{{Document: touming.Document{ID: 4242}, Report: truthReport(t, "pingtan-2024")}}}
	_, _, err := db.WriteOnceMany(ctx, append(specs[:2:2], bad, specs[2]))
	mustContain(t, err, "4 batches (r/a/1", "document 4242 is not in the warehouse")
	for _, table := range []string{"documents", "reports", "cells", "batches", "derived_reports"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%s has %d rows after a failed group", table, n)
		}
	}
	loaded, _, err := db.WriteOnceMany(ctx, specs)
	if err != nil || !reflect.DeepEqual(loaded, []bool{true, true, true}) {
		t.Fatalf("again: %v, %v", loaded, err)
	}
	checkDerived(t, db, "the group again")
}
