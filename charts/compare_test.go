package charts

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// chartSpecs returns the specs the compare page hands to toumingBars.
func chartSpecs(t *testing.T, body string) map[string]groupChart {
	t.Helper()
	out := map[string]groupChart{}
	for _, m := range regexp.MustCompile(`toumingBars\((\{.*?\})\);</script>`).FindAllStringSubmatch(body, -1) {
		var g groupChart
		if err := json.Unmarshal([]byte(m[1]), &g); err != nil {
			t.Fatalf("chart spec: %v\n%s", err, m[1])
		}
		out[g.ID] = g
	}
	return out
}

func TestCompareEveryYearInEveryChart(t *testing.T) {
	db := loadedDB()
	s := newServer(t, db)
	res, body := get(t, s, "/compare?region=410700&year=2022&year=2023")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	assertLocalOnly(t, body)
	if args := db.args["compare_values"]; len(args) != 4 || args[0] != "4107" || args[1] != "2022,2023" || args[2] != UnitGov {
		t.Errorf("compare_values args = %v, want [4107 2022,2023 gov \"\"]", args)
	}
	specs := chartSpecs(t, body)
	for _, id := range []string{"active_licensing", "active_coercion", "apply_new", "apply_outcomes", "disclosure_rate",
		"review_correction_rate", "lit_loss_rate"} {
		g, ok := specs[id]
		if !ok {
			t.Errorf("compare page lacks chart %s", id)
			continue
		}
		years := map[string]bool{}
		for _, s := range g.Series {
			years[s.Stack+s.Name[:4]] = true
		}
		for _, y := range []string{"2022", "2023"} {
			if !years[y] && !years[y+y] {
				t.Errorf("%s: no series of %s among %v", id, y, years)
			}
		}
		if !strings.Contains(body, "csv="+id) {
			t.Errorf("compare page lacks the CSV link of %s", id)
		}
	}
	// 延津县 has no government report: a gap labelled 无报告, not a number.
	g := specs["apply_new"]
	for i, c := range g.Cats {
		if c.Name == "延津县" && (g.Series[0].Pts[i].V != nil || g.Series[0].Pts[i].M != "无报告") {
			t.Errorf("延津县 point = %+v, want no value and 无报告", g.Series[0].Pts[i])
		}
		if c.Link != "/county/"+c.Code {
			t.Errorf("category %s links %q", c.Name, c.Link)
		}
	}
}

func TestCompareRatesMarkedUnderThreshold(t *testing.T) {
	s := newServer(t, loadedDB())
	_, body := get(t, s, "/compare?region=410700&years=2022,2023")
	specs := chartSpecs(t, body)
	for _, m := range rateMetrics {
		g := specs[m.ID]
		for _, ser := range g.Series {
			for i, p := range ser.Pts {
				if p.V == nil {
					continue
				}
				if p.N == nil {
					t.Errorf("%s %s %s: a rate without its n", m.ID, ser.Name, g.Cats[i].Name)
					continue
				}
				if p.Low != (*p.N < 20) {
					t.Errorf("%s %s %s: n = %v, low = %v", m.ID, ser.Name, g.Cats[i].Name, *p.N, p.Low)
				}
			}
		}
	}
	// 原阳县 2023 processed 12 < 20: hollow, and ranked by no rate.
	if !strings.Contains(body, "n = 12，小于 20，不参与排名") {
		t.Error("the ranking does not say why 原阳县 is not ranked")
	}
	_, csvBody := get(t, s, "/compare?region=410700&years=2022,2023&csv=rank_disclosure_rate")
	recs := readCSV(t, csvBody)
	ranked := map[string]string{}
	for _, r := range recs[1:] {
		if r[3] == "2023" {
			ranked[r[1]] = r[6]
		}
		if r[0] == "" || r[3] == "" {
			t.Errorf("ranking row without region code or year: %q", r)
		}
	}
	// 新乡县 (60+12)/90 = 80%, 获嘉县 30/40 = 75%.
	if ranked["新乡县"] != "1" || ranked["获嘉县"] != "2" || ranked["原阳县"] != "" || ranked["延津县"] != "" {
		t.Errorf("2023 ranks = %v", ranked)
	}
	// review_correction_rate: every county's n is under 20, none ranked.
	_, csvBody = get(t, s, "/compare?region=410700&years=2022,2023&csv=rank_review_correction_rate")
	for _, r := range readCSV(t, csvBody)[1:] {
		if r[6] != "" {
			t.Errorf("复议纠错率 ranked %s with n = %s", r[1], r[8])
		}
	}
}

func TestCompareCSVCarriesContext(t *testing.T) {
	s := newServer(t, loadedDB())
	res, body := get(t, s, "/compare?region=410700&years=2022,2023&csv=active_penalty")
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "compare-410700-gov-2022-2023-active_penalty.csv") {
		t.Errorf("file name %q does not name region, unit and years", cd)
	}
	recs := readCSV(t, body)
	if got := strings.Join(recs[0][:8], ","); got != "区划代码,地区,对比单位,年度,分项,机关ID,机关,报告ID" {
		t.Fatalf("header = %s", got)
	}
	found := false
	for _, r := range recs[1:] {
		// 获嘉县's 2023 行政处罚 cell is blank: an empty field, never 0.
		if r[0] == "410724" && r[3] == "2023" {
			found = true
			if r[8] != "" || r[5] != "12" || r[7] != "4" || r[11] != "空白" {
				t.Errorf("获嘉县 2023 = %q, want a blank value with agency 12 and report 4", r)
			}
		}
		if r[0] == "410726" && (r[8] != "" || r[11] != "无报告") {
			t.Errorf("延津县 = %q, want no report", r)
		}
	}
	if !found {
		t.Error("no row for 获嘉县 2023")
	}
	_, body = get(t, s, "/compare?region=410700&years=2022,2023&csv=disclosure_rate")
	want := map[string]float64{"410721/2023": 80, "410724/2023": 75, "410725/2023": 100, "410721/2022": 62.5}
	for _, r := range readCSV(t, body)[1:] {
		w, ok := want[r[0]+"/"+r[3]]
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(r[8], 64)
		if err != nil || math.Abs(v-w) > 1e-9 || len(r[8]) > 6 {
			t.Errorf("公开率 of %s %s = %q, want %v rounded", r[1], r[3], r[8], w)
		}
	}
}

func TestCompareUnitsAndSort(t *testing.T) {
	db := loadedDB()
	s := newServer(t, db)
	_, body := get(t, s, "/compare?region=410700&years=2022,2023&unit=dept")
	if args := db.args["compare_values"]; args[2] != UnitDept || args[3] != "公安局" {
		t.Errorf("a department unit without a type should take the commonest: args %v", args)
	}
	if !strings.Contains(body, "部门：公安局") || !strings.Contains(body, "unit=county") {
		t.Error("the unit picker or label is missing")
	}
	_, body = get(t, s, "/compare?region=410700&years=2022,2023&sort=value")
	g := chartSpecs(t, body)["apply_new"]
	var last []float64
	for i := range g.Cats {
		if p := g.Series[1].Pts[i]; p.V != nil {
			last = append(last, *p.V)
		}
	}
	for i := 1; i < len(last); i++ {
		if last[i] > last[i-1] {
			t.Errorf("sort=value: 2023 values not descending: %v", last)
		}
	}
	for _, bad := range []string{"/compare?region=abc", "/compare?region=410721", "/compare?year=20x3", "/compare?unit=x", "/compare?sort=x", "/compare?map=x"} {
		res, body := get(t, s, bad)
		if res.StatusCode != 400 || !strings.Contains(body, "parameter") {
			t.Errorf("%s: status %d, want 400 naming the parameter; body %s", bad, res.StatusCode, body)
		}
	}
	empty := newServer(t, newMemDB())
	_, body = get(t, empty, "/compare")
	if !strings.Contains(body, "还没有县级报告") || !strings.Contains(body, "touming crawl") {
		t.Error("compare on an empty warehouse does not say what to do")
	}
}

// Whole-county sums add every body's numbers, count the bodies and flag
// a county whose bodies changed between the years.
func TestCompareCountySums(t *testing.T) {
	db := loadedDB()
	v := db.tables["compare_values"]
	// A second body of 新乡县 in 2023 only.
	for _, r := range append([][]any(nil), v.Rows...) {
		if r[1] == "410721" && r[5] == int32(2023) {
			c := append([]any(nil), r...)
			c[0], c[3], c[4] = int64(99), int64(21), "新乡县公安局"
			v.Rows = append(v.Rows, c)
		}
	}
	s := newServer(t, db)
	_, body := get(t, s, "/compare?region=410700&years=2022,2023&unit=county")
	g := chartSpecs(t, body)["apply_new"]
	for i, c := range g.Cats {
		if c.Code != "410721" {
			continue
		}
		p := g.Series[1].Pts[i]
		if p.V == nil || *p.V != 2*91 || p.B != 2 {
			t.Errorf("新乡县 2023 sum = %+v, want 182 over 2 bodies", p)
		}
		if !c.Flag {
			t.Error("新乡县's bodies changed 2022→2023 but it is not flagged")
		}
	}
	if !strings.Contains(body, "新增1个、减少0个机关") {
		t.Error("the page does not say which county's bodies changed")
	}
}

// A name read from a portal goes into chart scripts: it must not be able
// to end the script and run its own.
func TestCompareScriptsEscapeNames(t *testing.T) {
	db := loadedDB()
	evil := `</script><script>alert(1)</script>`
	for _, r := range db.tables["compare_values"].Rows {
		if r[1] == "410721" {
			r[2] = evil
		}
	}
	db.tables["compare_counties"].Rows[0][1] = evil
	_, body := get(t, newServer(t, db), "/compare?region=410700")
	if strings.Contains(body, evil) {
		t.Fatal("a county name broke out of the chart script")
	}
	if !strings.Contains(body, `\u003c/script\u003e\u003cscript\u003ealert(1)`) {
		t.Error("the name is not in the chart data, escaped")
	}
}

// The outlines are older than some divisions: 长垣县 (410728) is 长垣市
// (410783) since 2019; a name shared after its suffix is dropped by two
// divisions matches neither.
func TestMatchOutlines(t *testing.T) {
	outlines := []outline{{"410728", "长垣县"}, {"410721", "新乡县"}, {"410781", "卫辉市"}, {"x", "某某区"}}
	regions := []rowMap{{"code": "410783", "name": "长垣市"}, {"code": "410721", "name": "新乡县"},
		{"code": "410781", "name": "卫辉市"}, {"code": "1", "name": "某某县"}, {"code": "2", "name": "某某市"}}
	got := matchOutlines(outlines, regions)
	want := map[string]string{"长垣县": "410783", "新乡县": "410721", "卫辉市": "410781"}
	if len(got) != len(want) {
		t.Errorf("matched %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s → %q, want %s", k, got[k], v)
		}
	}
}

// A city's compare page draws a map per selected year from the embedded
// outlines, its counties carrying their values.
func TestCompareMap(t *testing.T) {
	if _, _, ok := mapOutlines("410700"); !ok {
		t.Skip("no outlines of 新乡市 embedded: run make assets")
	}
	db := loadedDB()
	db.tables["region_children"] = tbl([]string{"code", "name"}, []any{"410721", "新乡县"}, []any{"410724", "获嘉县"},
		[]any{"410725", "原阳县"}, []any{"410726", "延津县"}, []any{"410783", "长垣市"})
	_, body := get(t, newServer(t, db), "/compare?region=410700&years=2022,2023")
	m := regexp.MustCompile(`toumingMaps\((\{.*?\})\);</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no map on a city's compare page")
	}
	var spec struct {
		URL   string
		Years []struct {
			Year int
			Data []struct {
				Name  string
				Value *float64
				M     string
			}
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &spec); err != nil {
		t.Fatal(err)
	}
	if spec.URL != "/assets/maps/410700.json" || len(spec.Years) != 2 {
		t.Fatalf("map spec url %s, %d years", spec.URL, len(spec.Years))
	}
	got := map[string]string{}
	for _, d := range spec.Years[1].Data {
		if d.Value != nil {
			got[d.Name] = strconv.FormatFloat(*d.Value, 'f', -1, 64)
		} else {
			got[d.Name] = d.M
		}
	}
	if got["新乡县"] != "80" || got["获嘉县"] != "75" || got["延津县"] != "无报告" || got["长垣县"] != "无数据" {
		t.Errorf("2023 map values = %v", got)
	}
	res, js := get(t, newServer(t, db), spec.URL)
	if res.StatusCode != 200 || !strings.Contains(js, `"features"`) {
		t.Errorf("outlines: %d", res.StatusCode)
	}
}

// One county dwarfing the others offers a log scale; counts as even as
// the fixture's do not.
func TestCompareLogScaleOffered(t *testing.T) {
	g := groupChart{Series: []groupSerie{{Pts: []groupPoint{{V: f(9000)}, {V: f(40)}, {V: f(0)}, {V: nil}}}}}
	if !g.wantsLog() {
		t.Error("9000 against 40: no log scale offered")
	}
	g.Series[0].Pts[0].V = f(1200)
	if g.wantsLog() {
		t.Error("1200 against 40 (30×): a log scale offered")
	}
	g.ID, g.Log = "x", true
	h, err := g.render()
	if err != nil || !strings.Contains(string(h), `id="x-log"`) {
		t.Errorf("the log toggle is not rendered: %v", err)
	}
}
