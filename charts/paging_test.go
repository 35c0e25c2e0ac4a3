package charts

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// A long list on the quality page is shown 200 rows at a time, each page
// linking to the next; its CSV still has every row.
func TestQualityPaged(t *testing.T) {
	db := loadedDB()
	checks := tbl([]string{"report_id", "agency", "year", "url", "failed", "rules"})
	for i := range 450 {
		checks.Rows = append(checks.Rows, []any{int64(i + 1), fmt.Sprintf("机关%03d", i), int64(2023), "https://a.gov.cn/", int64(1), "C1"})
	}
	db.tables["quality_checks"] = checks
	s := newServer(t, db)
	links := regexp.MustCompile(`href="/report/(\d+)"`)
	for _, tc := range []struct {
		query       string
		first, last string
		prev, next  bool
	}{
		{"", "1", "200", false, true},
		{"?checks_page=2", "201", "400", true, true},
		{"?checks_page=3", "401", "450", true, false},
		{"?checks_page=9", "1", "200", false, true}, // past the end: the first page
	} {
		res, body := get(t, s, "/quality"+tc.query)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tc.query, res.StatusCode)
		}
		section := body[strings.Index(body, `id="checks"`):strings.Index(body, `id="documents"`)]
		ids := links.FindAllStringSubmatch(section, -1)
		if len(ids) == 0 || ids[0][1] != tc.first || ids[len(ids)-1][1] != tc.last {
			t.Errorf("%s: reports %v…, want %s to %s", tc.query, ids[:min(1, len(ids))], tc.first, tc.last)
		}
		if !strings.Contains(section, "（450）") || !strings.Contains(section, "共 450 行") {
			t.Errorf("%s: the heading or pager does not give the total of 450", tc.query)
		}
		if got := strings.Contains(section, "上一页"); got != tc.prev {
			t.Errorf("%s: previous link %v, want %v", tc.query, got, tc.prev)
		}
		if got := strings.Contains(section, "下一页"); got != tc.next {
			t.Errorf("%s: next link %v, want %v", tc.query, got, tc.next)
		}
	}
	_, csv := get(t, s, "/quality?checks_page=2&csv=quality_checks")
	if n := len(readCSV(t, csv)); n != 451 {
		t.Errorf("quality_checks CSV has %d lines, want the header and all 450 rows", n)
	}
}

// versionedDB is a memDB whose data changes when its version does.
type versionedDB struct {
	*memDB
	v uint64
}

func (d *versionedDB) Version() uint64 { return d.v }

// The overview counts once per version of the warehouse: a second visit
// reuses the figures, and a new version (a batch written) counts again.
func TestOverviewCachedPerVersion(t *testing.T) {
	mem := loadedDB()
	db := &versionedDB{memDB: mem}
	s, err := New(Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	visits := func() int {
		n := 0
		for _, c := range mem.calls {
			if c == "overview_counts" {
				n++
			}
		}
		return n
	}
	get(t, s, "/")
	get(t, s, "/")
	if n := visits(); n != 1 {
		t.Errorf("two visits at one version ran overview_counts %d times, want 1", n)
	}
	mem.tables["overview_counts"].Rows[0][0] = int64(987654)
	db.v++
	_, body := get(t, s, "/")
	if n := visits(); n != 2 {
		t.Errorf("after a new version overview_counts ran %d times in all, want 2", n)
	}
	if !strings.Contains(body, "987654") && !strings.Contains(body, "987,654") {
		t.Errorf("the overview after a new version does not show the new count")
	}
}
