package warehouse

import (
	"context"
	"testing"
)

// A report re-extracted away from a layout that an untouched report still
// names keeps that layout's labels (derived_layouts.sql looks for the old
// layouts still named among the old ones only), and the layout no report
// names after a second re-extraction goes.
func TestLayoutStillNamedIsKept(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	write(t, db,
		Item{Document: doc("https://example.gov.cn/a.html", "a"), Report: labelled("甲县人民政府", 2021, nil, false)},
		Item{Document: doc("https://example.gov.cn/b.html", "b"), Report: labelled("乙县人民政府", 2021, nil, false)})
	checkDerived(t, db, "two reports of one layout")
	reread := func(url string, relabel func(string) string) {
		t.Helper()
		docs, err := db.Archived(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.URL == url {
				write(t, db, Item{Document: d, Report: labelled("乙县人民政府", 2021, relabel, false)})
				return
			}
		}
		t.Fatalf("no document at %s", url)
	}
	reread("https://example.gov.cn/b.html", func(s string) string { return s + " " })
	checkDerived(t, db, "one re-extracted to a layout of its own")
	if n := one(t, db, "SELECT count(DISTINCT layout) FROM derived_layouts"); n != int64(2) {
		t.Errorf("%v layouts after the re-extraction, want 2 (the one a still names kept)", n)
	}
	reread("https://example.gov.cn/b.html", nil)
	checkDerived(t, db, "re-extracted back")
	if n := one(t, db, "SELECT count(DISTINCT layout) FROM derived_layouts"); n != int64(1) {
		t.Errorf("%v layouts after re-extracting back, want 1", n)
	}
}
