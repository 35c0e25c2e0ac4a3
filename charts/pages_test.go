package charts

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
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
