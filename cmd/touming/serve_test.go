package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/sampleportal"
	"github.com/touming/touming/warehouse"
)

// serveTestEnv is an env writing to buffers.
func serveTestEnv() (*env, *bytes.Buffer) {
	var buf bytes.Buffer
	return &env{stdin: strings.NewReader(""), stdout: &buf, stderr: &buf, log: slog.New(slog.NewTextHandler(&buf, nil))}, &buf
}

// serveSampleWarehouse fills a fresh warehouse from the sample portal, as
// served over HTTP on 127.0.0.1 and read by the real extractor: every
// report page or attachment that holds tables, one document per report.
func serveSampleWarehouse(t testing.TB) string {
	t.Helper()
	portal := sampleportal.New(sampleportal.Options{Slow: time.Millisecond, Bodies: true})
	srv := httptest.NewServer(portal.Handler())
	defer srv.Close()
	ex := extract.New(extract.Config{})
	defer ex.Close()
	var items []warehouse.Item
	for _, r := range portal.Reports() {
		items = append(items, serveFetchItem(t, srv, ex, r))
	}
	path := filepath.Join(t.TempDir(), "touming.duckdb")
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sources []touming.Source
	for _, s := range portal.Sites() {
		sources = append(sources, touming.Source{ID: s.ID, Name: s.Name, Region: s.Region, Start: []string{srv.URL + "/" + s.ID + s.Start}})
	}
	if err := db.UpsertSources(context.Background(), sources); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	return path
}

// serveFetchItem GETs the document holding r's tables and extracts it.
func serveFetchItem(t testing.TB, srv *httptest.Server, ex *extract.Extractor, r sampleportal.Report) warehouse.Item {
	t.Helper()
	u := srv.URL + "/" + r.Site + r.TablesPath()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode == 500 { // the page that fails once
		return serveFetchItem(t, srv, ex, r)
	}
	sum := sha256.Sum256(body)
	d := touming.Document{SourceID: r.Site, URL: u, FinalURL: res.Request.URL.String(), FetchedAt: time.Now().UTC(),
		ContentType: res.Header.Get("Content-Type"), SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body)),
		HTTPStatus: res.StatusCode, Title: r.Title}
	rep, err := ex.Extract(extract.Input{Name: u, Data: body, ContentType: d.ContentType})
	d.Status = touming.StatusOf(err)
	if err != nil {
		d.Error = err.Error()
	}
	return warehouse.Item{Document: d, Report: rep}
}

// startServe runs serve on a free port until the test ends.
func startServe(t testing.TB, cfg serveConfig) string {
	t.Helper()
	e, logs := serveTestEnv()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	cfg.Addr = "127.0.0.1:0"
	go func() { done <- serve(ctx, e, cfg, func(u string) { urls <- u }) }()
	select {
	case u := <-urls:
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve did not shut down cleanly: %v\n%s", err, logs)
			}
		})
		return strings.TrimSuffix(u, "/")
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, logs)
	}
	return ""
}

func httpGet(t testing.TB, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServePagesOnRealWarehouse(t *testing.T) {
	db := serveSampleWarehouse(t)
	base := startServe(t, serveConfig{DB: db})
	for _, path := range []string{"/", "/compare", "/quality", "/sql", "/compare?region=410000"} {
		if code, body := httpGet(t, base+path); code != 200 {
			t.Errorf("GET %s: %d\n%s", path, code, body)
		}
	}
	code, body := httpGet(t, base+"/compare?region=410700&years=2022,2023")
	if code != 200 {
		t.Fatalf("compare: %d\n%s", code, body)
	}
	for _, id := range []string{"apply_outcomes", "disclosure_rate", "trend_applications"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("compare page lacks chart %s", id)
		}
	}
	// A report page for a county in the ranking.
	m := regexp.MustCompile(`href="/report/(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("compare page links no report")
	}
	code, body = httpGet(t, base+"/report/"+m[1])
	if code != 200 || !strings.Contains(body, "三、收到和处理政府信息公开申请情况") || strings.Contains(body, "没有读到单元格") {
		t.Errorf("report %s: %d, or no cells", m[1], code)
	}
	if n := len(regexp.MustCompile(`data-key="apply\.[a-z_]+\.total">\d+<`).FindAllString(body, -1)); n < 20 {
		t.Errorf("report %s shows %d numeric 总计 cells of table 三, want them all", m[1], n)
	}
	// A report the quality page lists for failed checks has them outlined.
	_, quality := httpGet(t, base+"/quality")
	q := regexp.MustCompile(`href="/report/(\d+)"`).FindStringSubmatch(quality)
	if q == nil {
		t.Fatal("the sample has reports with failed checks, but the quality page lists none")
	}
	_, failed := httpGet(t, base+"/report/"+q[1])
	if !strings.Contains(failed, `class="failed-check"`) || !regexp.MustCompile(`class="n [a-z]+ failed"`).MatchString(failed) {
		t.Errorf("report %s: failed checks not listed or their cells not outlined", q[1])
	}
}

// The compare page's 公开率 is the warehouse's report_metrics.disclosure_rate
// of the county governments: one formula, whichever page shows it (the page
// rounds to two decimals).
func TestServeCompareRateMatchesWarehouse(t *testing.T) {
	db := serveSampleWarehouse(t)
	base := startServe(t, serveConfig{DB: db})
	_, csvBody := httpGet(t, base+"/compare?region=410700&years=2023&csv=disclosure_rate")
	q := "SELECT m.region_code, round(m.disclosure_rate * 100, 2) AS rate FROM report_metrics m " +
		"JOIN agencies a ON a.id = m.agency_id WHERE m.year = 2023 AND m.region_code LIKE '4107%' AND a.kind = 'county_government' ORDER BY 1"
	code, sqlCSV := httpGet(t, base+"/sql?format=csv&q="+url.QueryEscape(q))
	if code != 200 {
		t.Fatalf("sql: %d %s", code, sqlCSV)
	}
	want := map[string]string{}
	for _, line := range strings.Split(strings.TrimPrefix(sqlCSV, "\xEF\xBB\xBF"), "\n")[1:] {
		if f := strings.Split(strings.TrimSpace(line), ","); len(f) == 2 {
			want[f[0]] = f[1]
		}
	}
	checked := 0
	for _, f := range csvRecords(t, csvBody)[1:] {
		w, ok := want[f[0]]
		if !ok {
			if f[8] != "" {
				t.Errorf("county %s has a 公开率 on the compare page but no county government report in report_metrics", f[0])
			}
			continue
		}
		if !sameNumber(f[8], w) {
			t.Errorf("公开率 of %s: page %q, warehouse %q", f[1], f[8], w)
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("compared %d counties, want the sample's seven:\n%s\n%s", checked, csvBody, sqlCSV)
	}
}

// csvRecords parses a CSV download (after its BOM).
func csvRecords(t *testing.T, body string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	return recs
}

func sameNumber(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) < 1e-9
}

func TestServeSQLPageIsReadOnly(t *testing.T) {
	db := serveSampleWarehouse(t)
	base := startServe(t, serveConfig{DB: db})
	code, body := httpGet(t, base+"/sql?q="+url.QueryEscape("DELETE FROM reports"))
	if code != 400 || !strings.Contains(body, "read-only") {
		t.Errorf("DELETE: %d", code)
	}
	code, body = httpGet(t, base+"/sql?format=json&q="+url.QueryEscape("SELECT count(*) AS n FROM reports WHERE latest"))
	if code != 200 || !regexp.MustCompile(`"n": [1-9]`).MatchString(body) {
		t.Errorf("count reports: %d %s", code, body)
	}
}

func TestServeEmptyWarehouse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fresh.duckdb")
	base := startServe(t, serveConfig{DB: db})
	code, body := httpGet(t, base+"/")
	if code != 200 || !strings.Contains(body, "还没有报告") {
		t.Errorf("fresh warehouse overview: %d\n%s", code, body)
	}
	code, body = httpGet(t, base+"/compare")
	if code != 200 || !strings.Contains(body, "touming crawl") {
		t.Errorf("fresh warehouse compare: %d", code)
	}
}

func TestServeFlags(t *testing.T) {
	e, logs := serveTestEnv()
	for _, args := range [][]string{
		{},
		{"--db", "x.duckdb", "--schedule", "0 3 * * *"},
		{"--db", "x.duckdb", "--sources", "s.yaml", "--schedule", "every day"},
		{"--db", "x.duckdb", "--rank-min", "0"},
	} {
		if code := run(context.Background(), e, append([]string{"serve"}, args...)); code != 2 {
			t.Errorf("serve %q: exit %d, want 2\n%s", args, code, logs)
		}
	}
}

// serve's handle is read-only (the SQL page's last guard), and a scheduled
// crawl's batch goes through it: closed, written, reopened.
func TestSharedDBReadOnlyBetweenBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.duckdb")
	ctx := context.Background()
	store, err := openShared(ctx, path, warehouse.SandboxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Query(ctx, 0, "CREATE TABLE x(a INT)"); err == nil {
		t.Error("serve's connection accepted CREATE TABLE: it is not read-only")
	}
	d := touming.Document{URL: "http://127.0.0.1/a.pdf", FetchedAt: time.Now().UTC(), SHA256: strings.Repeat("1", 64),
		Status: touming.StatusFailed, Error: "extract a.pdf: corrupt or truncated file"}
	st, err := store.Write(ctx, []warehouse.Item{{Document: d}})
	if err != nil || st.Documents != 1 {
		t.Fatalf("Write: %+v %v", st, err)
	}
	tb, err := store.Query(ctx, 0, "SELECT status FROM documents")
	if err != nil || len(tb.Rows) != 1 || tb.Rows[0][0] != "failed" {
		t.Fatalf("after the batch: %v %v", tb, err)
	}
	if _, err := store.Query(ctx, 0, "DELETE FROM documents"); err == nil {
		t.Error("reopened handle accepted DELETE: it is not read-only")
	}
}

// serve --schedule crawls through the handle it serves from: the pages
// stay up, and the scheduled pass's reports appear in them.
func TestServeScheduledCrawl(t *testing.T) {
	portal := sampleportal.New(sampleportal.Options{Slow: time.Millisecond, Bodies: true})
	srv := httptest.NewServer(portal.Handler())
	defer srv.Close()
	dir := t.TempDir()
	urls := map[string]string{}
	for _, s := range portal.Sites()[:2] {
		urls[s.ID] = srv.URL + "/" + s.ID
	}
	sources := filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(sources, []byte(portal.SourcesYAML(urls)), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.duckdb")
	e, _ := serveTestEnv()
	pass, err := scheduledPass(e, sources, defaultArchiveDir(db), crawl.Config{Delay: 5 * time.Millisecond, Backoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	base := startServe(t, serveConfig{DB: db, Data: defaultArchiveDir(db), Schedule: "@every 1s", Pass: pass})
	httpGet(t, base+"/")        // the overview's figures, cached until a batch lands
	httpGet(t, base+"/compare") // the rendered compare page, likewise
	q := base + "/sql?format=csv&q=" + url.QueryEscape("SELECT count(*) FROM reports WHERE latest")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, body := httpGet(t, q)
		if code != 200 {
			t.Fatalf("pages down during the scheduled crawl: %d %s", code, body)
		}
		if n := strings.TrimSpace(strings.Split(body, "\n")[1]); n != "0" && n != "" {
			t.Logf("%s reports after the scheduled pass", n)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no report arrived from the scheduled crawl")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, body := httpGet(t, base+"/compare"); code != 200 || !strings.Contains(body, `id="disclosure_rate"`) {
		t.Errorf("compare after the scheduled crawl: %d", code)
	}
	if _, body := httpGet(t, base+"/"); strings.Contains(body, `class="empty"`) {
		t.Error("the overview still shows the empty warehouse after the scheduled pass wrote reports")
	}
}

func TestServeBadSourcesFile(t *testing.T) {
	e, _ := serveTestEnv()
	bad := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(bad, []byte("sources:\n  - id: x\n    start: [\n"), 0o644)
	err := runServe(context.Background(), e, []string{"--db", filepath.Join(t.TempDir(), "w.duckdb"), "--sources", bad, "--schedule", "0 3 * * *"})
	if err == nil || !strings.Contains(err.Error(), "s.yaml") {
		t.Errorf("bad sources file: %v, want an error naming it", err)
	}
}

// BenchmarkServePages times whole requests (DuckDB queries, page, HTTP on
// loopback) on the sample portal's warehouse: 7 counties, 2019-2024.
func BenchmarkServePages(b *testing.B) {
	base := startServe(b, serveConfig{DB: serveSampleWarehouse(b)})
	_, compare := httpGet(b, base+"/compare")
	report := regexp.MustCompile(`href="(/report/\d+)"`).FindStringSubmatch(compare)[1]
	for _, path := range []string{"/", "/compare", "/compare?region=410700&years=2023", report, "/quality",
		"/sql?format=csv&q=" + url.QueryEscape("SELECT * FROM report_values")} {
		name := strings.SplitN(strings.TrimPrefix(path, "/"), "?", 2)[0]
		if name == "" {
			name = "overview"
		}
		if strings.HasPrefix(name, "report/") {
			name = "report"
		}
		if strings.Contains(path, "years=") {
			name = "compare-1year"
		}
		b.Run("page="+name, func(b *testing.B) {
			for b.Loop() {
				if code, body := httpGet(b, base+path); code != 200 {
					b.Fatalf("%s: %d %s", path, code, body)
				}
			}
		})
	}
}
