package charts

import (
	"net/http"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// coverageDB: three counties of 新乡市: one crawled fine with reports in
// two years, one whose portal is behind a firewall and whose title named
// another county, one without a source.
func coverageDB() *memDB {
	db := newMemDB()
	db.tables["coverage_counties"] = &touming.Table{
		Columns: []string{"code", "name", "city", "province", "sources", "status", "reached", "reason", "checked_at", "cms", "title_names", "columns"},
		Rows: [][]any{
			{"410721", "新乡县", "新乡市", "河南省", "cn-410721", "ok", true, nil, nil, "TRS", nil, "http://a/nb/"},
			{"410724", "获嘉县", "新乡市", "河南省", "cn-410724", "challenge", false, "a 瑞数 challenge page", nil, nil, "原阳县", nil},
			{"410725", "原阳县", "新乡市", "河南省", nil, nil, nil, nil, nil, nil, nil, nil},
		},
	}
	db.tables["coverage_years"] = &touming.Table{Columns: []string{"code", "year", "reports"},
		Rows: [][]any{{"410721", int64(2022), int64(3)}, {"410721", int64(2023), int64(4)}}}
	db.tables["coverage_regions"] = &touming.Table{Columns: []string{"code", "level", "name"},
		Rows: [][]any{{"410000", "province", "河南省"}, {"410700", "city", "新乡市"}}}
	db.tables["region_children"] = &touming.Table{Columns: []string{"code", "name"},
		Rows: [][]any{{"410721", "新乡县"}, {"410724", "获嘉县"}, {"410725", "原阳县"}}}
	return db
}

// TestCoverageMap: a city's page has its counties on the map: reached
// counties coloured by the reports found, the others grey with their status.
func TestCoverageMap(t *testing.T) {
	s := newServer(t, coverageDB())
	_, body := get(t, s, "/coverage?region=4107")
	if _, _, ok := mapOutlines("410700"); !ok {
		if !strings.Contains(body, "没有嵌入该市的县界轮廓") {
			t.Errorf("no outlines embedded (make assets), and the page does not say so")
		}
		t.Skip("新乡市's outlines are not embedded: run make assets")
	}
	for _, want := range []string{`toumingMaps(`, `"name":"新乡县","value":4`, `"name":"获嘉县","value":null`, `"m":"防火墙拦截"`,
		`"m":"无来源"`, `"link":"/county/410721"`} {
		if !strings.Contains(body, want) {
			t.Errorf("map lacks %s", want)
		}
	}
	if _, body := get(t, s, "/coverage?region=41"); strings.Contains(body, "toumingMaps(") {
		t.Errorf("a province's page has no county map")
	}
}

func TestCoveragePage(t *testing.T) {
	db := coverageDB()
	s := newServer(t, db)
	res, body := get(t, s, "/coverage?region=4107")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if got := db.args["coverage_counties"]; len(got) != 1 || got[0] != "4107" {
		t.Errorf("coverage_counties asked with %v, want the prefix 4107", got)
	}
	for _, want := range []string{"新乡市：来源与抓取覆盖", `href="/county/410721"`, `href="/county/410725"`,
		"防火墙拦截", "网页标题指向 原阳县", "<th>2022</th><th>2023</th>", "无来源", "已抓到年报栏目<b>1</b>", "有来源<b>2</b>", "找到的报告<b>7</b>", `<option value="410700" selected>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	assertLocalOnly(t, body)
	_, csvBody := get(t, s, "/coverage?region=4107&csv=coverage")
	recs := readCSV(t, csvBody)
	if len(recs) != 4 || recs[0][len(recs[0])-2] != "reports_2022" || recs[1][len(recs[1])-1] != "4" || recs[3][len(recs[3])-3] != "none" {
		t.Errorf("CSV %v", recs)
	}
	for region, want := range map[string]string{"": "", "41": "41", "410000": "41", "410700": "4107"} {
		get(t, s, "/coverage?region="+region)
		if got := db.args["coverage_counties"]; got[0] != want {
			t.Errorf("region %q: prefix %v, want %q", region, got, want)
		}
	}
	if res, _ := get(t, s, "/coverage?region=4x"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad region: status %d", res.StatusCode)
	}
	db.tables["coverage_counties"] = &touming.Table{Columns: db.tables["coverage_counties"].Columns}
	if res, body := get(t, s, "/coverage?region=99"); res.StatusCode != http.StatusNotFound || !strings.Contains(body, "没有这个地区：99") {
		t.Errorf("unknown region: status %d", res.StatusCode)
	}
}

// The overview's coverage rows, written without the template, escape
// every value and link a region's name and its years with reports only.
func TestCoverageRowsHTML(t *testing.T) {
	rows := coverageRowsHTML(&touming.Table{Columns: []string{"区划代码", "地区", "2022", "2023"}, Rows: [][]any{
		{"410721", "新乡县<script>", int64(3), nil},
		{"", "某机关&", int64(1), int64(0)},
	}})
	want := `<tr><td>410721</td><td><a href="/county/410721">新乡县&lt;script&gt;</a></td><td class="n"><a href="/county/410721">3</a></td><td class="n"></td></tr>` + "\n" +
		`<tr><td></td><td>某机关&amp;</td><td>1</td><td>0</td></tr>` + "\n"
	if string(rows) != want {
		t.Errorf("coverage rows:\n got %s\nwant %s", rows, want)
	}
}
