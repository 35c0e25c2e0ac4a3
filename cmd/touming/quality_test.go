package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/touming/touming/warehouse"
)

// The quality page read from a real warehouse through serve: each list's
// heading gives the count of the whole list (the database's, from the
// derived tables), and its CSV, streamed, has every row the list's query
// gives, in order.
func TestQualityPageCountsAndStreamsEveryRow(t *testing.T) {
	path := serveSampleWarehouse(t)
	addFailedDocuments(t, path)
	ctx := context.Background()
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][][]string{}
	for _, name := range []string{"quality_checks", "quality_documents", "quality_conflicts"} {
		tb, err := db.Query(ctx, 0, readSQL(t, "../../charts/sql/"+name+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Rows) == 0 {
			t.Fatalf("%s has no rows on the sample: nothing to compare", name)
		}
		for _, r := range tb.Rows {
			want[name] = append(want[name], []string{cellText(r[0]), cellText(r[1])})
		}
	}
	db.Close()
	base := startServe(t, serveConfig{DB: path})
	code, page := httpGet(t, base+"/quality")
	if code != 200 {
		t.Fatalf("/quality: %d", code)
	}
	for name, rows := range want {
		heading := fmt.Sprintf("（%d）", len(rows))
		if !strings.Contains(page, heading) {
			t.Errorf("the quality page gives no heading %s for %s", heading, name)
		}
		code, body := httpGet(t, base+"/quality?csv="+name)
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if code != 200 || err != nil || len(recs) != len(rows)+1 {
			t.Fatalf("%s CSV: %d, %v, %d lines, want the header and %d rows", name, code, err, len(recs), len(rows))
		}
		for i, r := range rows {
			if recs[i+1][0] != r[0] || recs[i+1][1] != r[1] {
				t.Errorf("%s CSV row %d = %v, want %v", name, i+1, recs[i+1][:2], r)
				break
			}
		}
	}
	if code, _ := httpGet(t, base+"/quality?csv=nothing"); code != 404 {
		t.Errorf("an unknown list's CSV: %d, want 404", code)
	}
}

// cellText is a value as the CSV prints it ("" for NULL).
func cellText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// A list's own page query gives the rows of the whole list's page, in its
// order: every page of one row, one page of all, none past the end.
func TestQualityPageQueriesGiveTheListsPages(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, serveSampleWarehouse(t), warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, name := range []string{"quality_conflicts"} {
		list, err := db.Query(ctx, 0, readSQL(t, "../../charts/sql/"+name+".sql"))
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Rows) == 0 {
			t.Fatalf("%s has no rows on the sample: nothing to page", name)
		}
		page := readSQL(t, "../../charts/sql/"+name+"_page.sql")
		all, err := db.Query(ctx, 0, page, len(list.Rows)+5, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(all.Rows, list.Rows) {
			t.Errorf("%s_page over every row:\n got %v\nwant %v", name, all.Rows, list.Rows)
		}
		for i := range list.Rows {
			one, err := db.Query(ctx, 0, page, 1, i)
			if err != nil {
				t.Fatal(err)
			}
			if len(one.Rows) != 1 || !reflect.DeepEqual(one.Rows[0], list.Rows[i]) {
				t.Errorf("%s_page row %d = %v, want %v", name, i, one.Rows, list.Rows[i])
			}
		}
		if past, err := db.Query(ctx, 0, page, 200, len(list.Rows)); err != nil || len(past.Rows) != 0 {
			t.Errorf("%s_page past the end: %v, %v", name, past, err)
		}
	}
}
