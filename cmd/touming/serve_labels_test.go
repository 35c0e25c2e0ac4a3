package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCellsLabelSortAsBefore: /data/cells sorted on row_label, read label
// by label (charts/browse_labels.go), shows on every page the rows of the
// sort over the whole view (the _all download, which runs its ORDER BY
// row_label NULLS LAST, report_id, key, value): the same sort keys in the
// same places, and over all pages the same rows. Ascending and descending,
// with a filter, in pages that end inside a label and at its last row, on
// the sample portal's warehouse. Every cell there has a row label: the
// walk's last step (the cells without one, NULLS LAST) runs on the last
// pages and finds none.
func TestCellsLabelSortAsBefore(t *testing.T) {
	db := serveSampleWarehouse(t)
	base := startServe(t, serveConfig{DB: db})
	for _, c := range []struct{ query, filter string }{
		{"_sort=row_label", ""}, {"_sort_desc=row_label", ""}, {"_sort=row_label", "&table=" + "%E4%B8%89"},
	} {
		all := cellsCSV(t, base+"/data/cells.csv?_all=1&"+c.query+c.filter)
		if len(all) < 100 {
			t.Fatalf("%s%s: %d rows: too few to page", c.query, c.filter, len(all))
		}
		for _, size := range []int{7, min(1000, len(all)/23+1)} { // 1000: the largest page
			pages := (len(all) + size - 1) / size
			if size == 7 {
				pages = min(pages, 30)
			}
			var shown [][]string
			for p := 1; p <= pages; p++ {
				u := base + "/data/cells.csv?" + c.query + c.filter + "&_size=" + strconv.Itoa(size) + "&_page=" + strconv.Itoa(p)
				got := cellsCSV(t, u)
				want := all[(p-1)*size : min(len(all), p*size)]
				if !slices.EqualFunc(got, want, sameSortKeys) {
					t.Errorf("%s: %d rows, sort keys differ from rows %d-%d of the whole sort", u, len(got), (p-1)*size+1, (p-1)*size+len(want))
				}
				shown = append(shown, got...)
			}
			if size != 7 && !sameRows(shown, all) {
				t.Errorf("%s%s size %d: the pages hold other rows than the whole sort", c.query, c.filter, size)
			}
		}
	}
}

// cellsCSV GETs a CSV download of cells and returns its rows without the
// header.
func cellsCSV(t *testing.T, u string) [][]string {
	t.Helper()
	code, body := httpGet(t, u)
	if code != 200 {
		t.Fatalf("%s: %d %.300s", u, code, body)
	}
	recs := csvRecords(t, body)
	if len(recs) == 0 || len(recs[0]) < 9 || recs[0][8] != "row_label" {
		t.Fatalf("%s: header %v", u, recs)
	}
	return recs[1:]
}

// sameSortKeys compares two cells rows on the sort's keys: report_id, key,
// value (the view's first columns) and row_label (its ninth, which
// cellsCSV checks).
func sameSortKeys(a, b []string) bool {
	return len(a) == len(b) && slices.Equal(a[:3], b[:3]) && a[8] == b[8]
}

// sameRows reports whether a and b hold the same rows, in any order.
func sameRows(a, b [][]string) bool {
	join := func(rs [][]string) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = strings.Join(r, "\x1f")
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(join(a), join(b))
}
