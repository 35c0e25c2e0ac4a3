package charts

import (
	"cmp"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// sumsOf is what compare_sums returns for the rows compare_values gives
// for every body (unit county): a row per report that has cells, then a
// row per county, year and key with the sum of the values that are not
// blank (nil when all are). The memDB answers compare_sums with it.
func sumsOf(v *touming.Table) *touming.Table {
	col := map[string]int{}
	for i, c := range v.Columns {
		col[c] = i
	}
	rows := slices.Clone(v.Rows)
	slices.SortStableFunc(rows, func(a, b []any) int {
		return cmp.Or(cmp.Compare(rowMap{"c": a[col["region_code"]]}.Str("c"), rowMap{"c": b[col["region_code"]]}.Str("c")),
			cmp.Compare(rowMap{"y": a[col["year"]]}.Int("y"), rowMap{"y": b[col["year"]]}.Int("y")),
			cmp.Compare(rowMap{"r": a[col["report_id"]]}.Int("r"), rowMap{"r": b[col["report_id"]]}.Int("r")))
	})
	out := &touming.Table{Columns: []string{"report_id", "region_code", "county", "agency_id", "agency", "year", "template", "key", "value"}}
	type group struct {
		code string
		year int
	}
	var order []group
	reports := map[group][][]any{}
	sums := map[group]map[string]*float64{}
	keys := map[group][]string{}
	seen := map[any]bool{}
	for _, r := range rows {
		g := group{rowMap{"c": r[col["region_code"]]}.Str("c"), rowMap{"y": r[col["year"]]}.Int("y")}
		if sums[g] == nil {
			order = append(order, g)
			sums[g] = map[string]*float64{}
		}
		if id := r[col["report_id"]]; !seen[id] {
			seen[id] = true
			reports[g] = append(reports[g], []any{id, r[col["region_code"]], r[col["county"]], r[col["agency_id"]], r[col["agency"]], r[col["year"]], r[col["template"]], nil, nil})
		}
		k := r[col["key"]].(string)
		cur, ok := sums[g][k]
		if !ok {
			keys[g] = append(keys[g], k)
		}
		if x := toFloat(r[col["value"]]); x != nil {
			t := *x
			if cur != nil {
				t += *cur
			}
			cur = &t
		}
		sums[g][k] = cur
	}
	for _, g := range order {
		out.Rows = append(out.Rows, reports[g]...)
		slices.Sort(keys[g])
		for _, k := range keys[g] {
			var val any
			if p := sums[g][k]; p != nil {
				val = *p
			}
			out.Rows = append(out.Rows, []any{nil, g.code, nil, nil, nil, int32(g.year), nil, k, val})
		}
	}
	return out
}

// Summed by the database, whole counties give the page the data that
// summing compare_values' rows report by report gave: the totals (a blank
// left out, all blanks blank), the bodies and the report that stands for
// a total of one.
func TestPivotSumsAsPivotCompare(t *testing.T) {
	db := loadedDB()
	v := db.tables["compare_values"]
	for _, r := range slices.Clone(v.Rows) {
		if r[1] == "410721" && r[5] == int32(2023) { // a second body, 2023 only
			c := slices.Clone(r)
			c[0], c[3], c[4] = int64(99), int64(21), "新乡县公安局"
			if c[7] == "apply.new_received.total" {
				c[8] = nil
			}
			v.Rows = append(v.Rows, c)
		}
	}
	want := pivotCompare(db.tables["compare_counties"], v, true)
	got := pivotSums(db.tables["compare_counties"], sumsOf(v))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pivotSums:\n got %+v\nwant %+v", got, want)
	}
	two := got.Counties[0].Years[2023]
	if len(two.Reports) != 2 || two.ReportID != 0 || *two.value("apply.new_received.total") != 91 {
		t.Errorf("新乡县 2023 = %+v, want two bodies, no one report, 91 new (the blank left out)", two)
	}
}

// compare_sums' rows come in no order: in any order they pivot as
// pivotCompare does. Each county-year's bodies are in report order, and a
// county that compare_counties does not list is named by its first row in
// the order the query once had (by year, then reports before totals).
func TestPivotSumsInAnyOrder(t *testing.T) {
	db := loadedDB()
	v := db.tables["compare_values"]
	for _, r := range slices.Clone(v.Rows) {
		if r[1] == "410721" && r[5] == int32(2023) { // a second body, named otherwise
			c := slices.Clone(r)
			c[0], c[2], c[3], c[4] = int64(99), "新乡县（另名）", int64(21), "新乡县公安局"
			v.Rows = append(v.Rows, c)
		}
	}
	listed := db.tables["compare_counties"]
	unlisted := &touming.Table{Columns: listed.Columns}
	sums := sumsOf(v)
	reorders := map[string]func([][]any){
		"as sorted": func([][]any) {},
		"reversed":  slices.Reverse[[][]any],
		"totals first": func(rows [][]any) {
			slices.SortStableFunc(rows, func(a, b []any) int { return cmp.Compare(boolInt(a[7] == nil), boolInt(b[7] == nil)) })
		},
		"interleaved": func(rows [][]any) {
			odd := slices.Clone(rows)
			copy(rows, append(slices.Collect(every(odd, 1)), slices.Collect(every(odd, 0))...))
		},
	}
	for name, reorder := range reorders {
		rows := slices.Clone(sums.Rows)
		reorder(rows)
		in := &touming.Table{Columns: sums.Columns, Rows: rows}
		for _, counties := range []*touming.Table{listed, unlisted} {
			want := pivotCompare(counties, v, true)
			if got := pivotSums(counties, in); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %d counties listed: pivotSums\n got %+v\nwant %+v", name, len(counties.Rows), got, want)
			}
		}
	}
	if got := pivotSums(unlisted, sums); got.Counties[0].Name != "新乡县" || len(got.Counties[0].Years[2023].Reports) != 2 {
		t.Errorf("新乡县 = %+v, want its name of 2022 and two bodies in 2023", got.Counties[0])
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// every yields every other row, from the first (start 0) or the second.
func every(rows [][]any, start int) func(func([]any) bool) {
	return func(yield func([]any) bool) {
		for i := start; i < len(rows); i += 2 {
			if !yield(rows[i]) {
				return
			}
		}
	}
}

// The compare page's pickers are read once per version of the warehouse
// and per region and years, and a page once per version and URL (the same
// query in another order included): a second visit is the first's page,
// gzipped or not.
func TestComparePickersCachedPerVersion(t *testing.T) {
	mem := loadedDB()
	db := &versionedDB{memDB: mem}
	s, err := New(Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	count := func(name string) int {
		n := 0
		for _, c := range mem.calls {
			if c == name {
				n++
			}
		}
		return n
	}
	_, first := get(t, s, "/compare?region=410700&unit=gov")
	_, again := get(t, s, "/compare?unit=gov&region=410700")
	get(t, s, "/compare?region=410700&years=2023")
	if a, b, c := count("compare_regions"), count("compare_counties"), count("compare_values"); a != 1 || b != 2 || c != 2 {
		t.Errorf("three visits (two alike) read regions %d, counties %d, values %d times; want 1, 2, 2", a, b, c)
	}
	if again != first {
		t.Error("the second visit to a page differs from the first")
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/compare?region=410700&unit=gov", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	s.ServeHTTP(rec, req)
	if zr, err := gzip.NewReader(rec.Body); err != nil {
		t.Errorf("the cached page, gzipped: %v", err)
	} else if body, err := io.ReadAll(zr); err != nil || string(body) != first {
		t.Errorf("the cached page, gzipped, unzips to %d bytes (%v), not the first visit's %d", len(body), err, len(first))
	}
	mem.tables["compare_regions"].Rows[1][2] = "新新乡市"
	db.v++
	_, body := get(t, s, "/compare?region=410700")
	if n := count("compare_regions"); n != 2 || !strings.Contains(body, "新新乡市") {
		t.Errorf("after a new version regions were read %d times in all (want 2) and the page shows the new name: %v", n, strings.Contains(body, "新新乡市"))
	}
}

// A whole county's bodies go into one CSV cell, their ids joined by
// spaces; none is an empty cell.
func TestJoinIDs(t *testing.T) {
	for _, c := range []struct {
		ids  []int64
		want string
	}{{nil, ""}, {[]int64{7}, "7"}, {[]int64{11, 21, 1234567890123}, "11 21 1234567890123"}} {
		if got := joinIDs(c.ids); got != c.want {
			t.Errorf("joinIDs(%v) = %q, want %q", c.ids, got, c.want)
		}
	}
}

// The bodies that came and went between two years, counted on sorted
// ids: each id of a not in b, a repeated one each time.
func TestDiffIDs(t *testing.T) {
	for _, c := range []struct {
		a, b []int64
		want int
	}{{nil, []int64{1}, 0}, {[]int64{1, 2, 3}, nil, 3}, {[]int64{1, 3, 5, 7}, []int64{2, 3, 4, 7, 9}, 2},
		{[]int64{4, 4, 6}, []int64{5, 6}, 2}, {sortedIDs([]int64{9, 2, 5}), sortedIDs([]int64{5, 9, 2}), 0}} {
		if got := diffIDs(c.a, c.b); got != c.want {
			t.Errorf("diffIDs(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
