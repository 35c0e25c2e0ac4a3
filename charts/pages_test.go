package charts

import (
	"encoding/csv"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// get runs one request through a Server over db and returns the response.
func get(t *testing.T, s *Server, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func newServer(t *testing.T, db *memDB) *Server {
	t.Helper()
	s, err := New(Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readCSV parses a CSV download, checking the BOM that lets Excel read it.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\xEF\xBB\xBF") {
		t.Fatalf("CSV has no UTF-8 BOM: %q", body[:min(len(body), 20)])
	}
	recs, err := csv.NewReader(strings.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v\n%s", err, body)
	}
	return recs
}

var externalRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`)

// assertLocalOnly fails if a page loads or links anything by absolute URL:
// pages must work offline and never touch a CDN.
func assertLocalOnly(t *testing.T, body string) {
	t.Helper()
	if m := externalRef.FindString(body); m != "" {
		t.Errorf("page references an absolute URL: %s", m)
	}
	if strings.Contains(body, "go-echarts.github.io") || strings.Contains(body, "cdn") {
		t.Errorf("page mentions a CDN host")
	}
}

func TestNewNeedsDB(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New with no DB: want an error")
	}
}

func TestOverviewEmptyWarehouse(t *testing.T) {
	db := newMemDB()
	db.tables["overview_counts"] = tbl([]string{"sources", "documents", "failed_documents", "image_only", "reports", "failed_checks", "reports_failing_checks"},
		[]any{int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0)})
	res, body := get(t, newServer(t, db), "/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	for _, want := range []string{"还没有报告", "touming crawl", "还没有来源"} {
		if !strings.Contains(body, want) {
			t.Errorf("empty overview lacks %q", want)
		}
	}
	if strings.Contains(body, `id="reports_per_year"`) {
		t.Error("empty overview draws a chart")
	}
}

func TestOverview(t *testing.T) {
	s := newServer(t, loadedDB())
	res, body := get(t, s, "/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	assertLocalOnly(t, body)
	for _, want := range []string{`id="reports_per_year"`, "新乡市人民政府", `<script src="/assets/echarts.min.js">`, "/quality#documents"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	_, csvBody := get(t, s, "/?csv=coverage")
	recs := readCSV(t, csvBody)
	want := [][]string{{"区划代码", "地区", "2022", "2023"}, {"410721", "新乡县", "1", "1"}, {"410724", "获嘉县", "", "1"}}
	if !equalRecords(recs, want) {
		t.Errorf("coverage CSV = %q, want %q", recs, want)
	}
	_, csvBody = get(t, s, "/?csv=sources")
	if recs := readCSV(t, csvBody); len(recs) != 2 || recs[1][0] != "xinxiang" || recs[1][6] != "" {
		t.Errorf("sources CSV = %q", recs)
	}
	res, _ = get(t, s, "/?csv=nope")
	if res.StatusCode != 404 {
		t.Errorf("unknown CSV name: status %d, want 404", res.StatusCode)
	}
}

func equalRecords(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

func TestCompareChartsAndRanking(t *testing.T) {
	db := loadedDB()
	s := newServer(t, db)
	res, body := get(t, s, "/compare?region=410700&year=2022&year=2023")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	assertLocalOnly(t, body)
	if args := db.args["compare_values"]; len(args) != 2 || args[0] != "4107" || args[1] != "2022,2023" {
		t.Errorf("compare_values args = %v, want [4107 2022,2023]", args)
	}
	for _, id := range []string{"active_normative", "active_decisions", "active_fees", "apply_outcomes", "apply_shares",
		"disclosure_rate", "review_litigation", "correction_rate", "trend_applications", "trend_disclosure_rate", "trend_correction_rate"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("compare page lacks chart %s", id)
		}
		if !strings.Contains(body, "csv="+id) {
			t.Errorf("compare page lacks the CSV link of %s", id)
		}
	}
	// 新乡县 (60+12)/90 = 80%, 获嘉县 30/40 = 75%; 原阳县 processed 12 < 20.
	rows := regexp.MustCompile(`(?s)<tr><td class="n">(\d+|—)</td><td><a href="/report/(\d+)">([^<]+)</a>.*?</tr>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, r := range rows {
		got = append(got, r[1]+" "+r[3]+" "+r[2])
	}
	want := []string{"1 新乡县 2", "2 获嘉县 4", "— 原阳县 6"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ranking = %q, want %q", got, want)
	}
	if !strings.Contains(body, "申请量不足20件（仅12件），不参与排名") {
		t.Error("ranking does not say why 原阳县 is not ranked")
	}
}

func TestCompareCSVKeepsBlanks(t *testing.T) {
	s := newServer(t, loadedDB())
	_, body := get(t, s, "/compare?region=410700&years=2022,2023&csv=active_decisions")
	recs := readCSV(t, body)
	if got := strings.Join(recs[0], ","); got != "地区,行政许可,行政处罚,行政强制" {
		t.Fatalf("header = %s", got)
	}
	// 获嘉县's 2023 行政处罚 cell is blank: an empty field, never 0.
	if recs[2][0] != "获嘉县" || recs[2][2] != "" || recs[1][2] != "310" {
		t.Errorf("rows = %q, want 获嘉县 with an empty 行政处罚 and 新乡县 310", recs[1:])
	}
	_, body = get(t, s, "/compare?region=410700&years=2022,2023&csv=disclosure_rate")
	recs = readCSV(t, body)
	want := map[string]float64{"新乡县": 80, "获嘉县": 75, "原阳县": 100}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[1], 64)
		if err != nil || math.Abs(v-want[r[0]]) > 1e-9 {
			t.Errorf("公开率 of %s = %q, want %v", r[0], r[1], want[r[0]])
		}
	}
	_, body = get(t, s, "/compare?region=410700&years=2022,2023&csv=ranking")
	recs = readCSV(t, body)
	if len(recs) != 4 || recs[3][0] != "" || recs[3][2] != "原阳县" {
		t.Errorf("ranking CSV = %q", recs)
	}
}

func TestCompareDefaultsAndErrors(t *testing.T) {
	db := loadedDB()
	s := newServer(t, db)
	res, body := get(t, s, "/compare")
	if res.StatusCode != 200 || !strings.Contains(body, `<option value="410700" selected>`) {
		t.Errorf("compare with no parameters should pick the first city: status %d", res.StatusCode)
	}
	if args := db.args["compare_values"]; len(args) != 2 || args[1] != "2022,2023" {
		t.Errorf("default years: compare_values args = %v", args)
	}
	for _, bad := range []string{"/compare?region=abc", "/compare?region=410721", "/compare?year=20x3"} {
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

func TestAssetsServedLocally(t *testing.T) {
	s := newServer(t, newMemDB())
	res, body := get(t, s, "/assets/echarts.min.js")
	if !HasEcharts() {
		if res.StatusCode != 404 || !strings.Contains(body, "make assets") {
			t.Errorf("without the bundle: status %d body %q", res.StatusCode, body)
		}
		t.Skip("echarts.min.js not embedded: run make assets")
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(body, "echarts") || len(body) < 500000 {
		t.Errorf("served bundle does not look like echarts (%d bytes)", len(body))
	}
}

// A name read from a portal goes into chart scripts: it must not be able
// to end the script and run its own.
func TestChartScriptsEscapeNames(t *testing.T) {
	db := loadedDB()
	evil := `</script><script>alert(1)</script>`
	for _, r := range db.tables["compare_values"].Rows {
		if r[1] == "410721" {
			r[2] = evil
		}
	}
	_, body := get(t, newServer(t, db), "/compare?region=410700")
	if strings.Contains(body, evil) {
		t.Fatal("a county name broke out of the chart script")
	}
	if !strings.Contains(body, `\u003c/script\u003e\u003cscript\u003ealert(1)`) {
		t.Error("the name is not in the chart data, escaped")
	}
}

// A failing query gives an error page naming the query and the reason,
// not a half-drawn page.
func TestPagesNameFailedQueries(t *testing.T) {
	s, err := New(Config{DB: failingDB{}})
	if err != nil {
		t.Fatal(err)
	}
	for path, query := range map[string]string{"/": "overview_counts", "/compare": "compare_regions", "/quality": "quality_checks", "/report/1": "report_meta"} {
		res, body := get(t, s, path)
		if res.StatusCode != 500 || !strings.Contains(body, "query "+query) || !strings.Contains(body, "does not exist") {
			t.Errorf("%s: status %d, body lacks the query %s and the reason:\n%s", path, res.StatusCode, query, body)
		}
	}
}
