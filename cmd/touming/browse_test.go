package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming/warehouse"
)

// browseBase serves the sample warehouse and returns its base URL and file.
func browseBase(t *testing.T) (string, string) {
	t.Helper()
	db := serveSampleWarehouse(t)
	return startServe(t, serveConfig{DB: db}), db
}

// countOf runs a count on the warehouse file directly, as the truth the
// pages are held to.
func countOf(t *testing.T, db, q string) int {
	t.Helper()
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true, LockWait: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tb, err := w.Query(context.Background(), 0, q)
	if err != nil {
		t.Fatal(err)
	}
	return int(tb.Rows[0][0].(int64))
}

var totalRows = regexp.MustCompile(`<p id="count"><b>(\d+)</b>`)

func pageTotal(t *testing.T, body string) int {
	t.Helper()
	m := totalRows.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row count on the page:\n%.2000s", body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// Every table and view is listed and opens; a filter, the facet counts, a
// sort and the next page agree with the warehouse; ids and URLs are links;
// the wide view's column comments are in its header.
func TestBrowseTablesFacetsSortPaging(t *testing.T) {
	base, db := browseBase(t)
	code, index := httpGet(t, base+"/data")
	if code != 200 {
		t.Fatalf("/data: %d", code)
	}
	for _, rel := range []string{"report_values", "report_wide_2021", "report_wide_2019", "report_metrics", "documents", "cells", "checks", "sources", "regions", "fields"} {
		if !strings.Contains(index, `href="/data/`+rel+`"`) {
			t.Errorf("/data does not list %s", rel)
		}
		if code, body := httpGet(t, base+"/data/"+rel); code != 200 {
			t.Errorf("/data/%s: %d\n%.500s", rel, code, body)
		}
	}
	// A filter: the count is the warehouse's.
	code, body := httpGet(t, base+"/data/report_values?year=2023&_size=20")
	if code != 200 {
		t.Fatalf("filtered: %d\n%s", code, body)
	}
	if got, want := pageTotal(t, body), countOf(t, db, "SELECT count(*) FROM report_values WHERE year = 2023"); got != want || want == 0 {
		t.Errorf("report_values?year=2023 counts %d rows, the warehouse %d", got, want)
	}
	if n := strings.Count(body, "<tr><td"); n != 20 {
		t.Errorf("page of 20 shows %d rows", n)
	}
	if !regexp.MustCompile(`href="/report/\d+"`).MatchString(body) || !strings.Contains(body, `rel="noreferrer">http://127.0.0.1:`) {
		t.Error("report_id or url is not a link")
	}
	// Facets: the template facet under the filter counts every row.
	m := regexp.MustCompile(`href="(/data/report_values\?[^"]*template=2021[^"]*)">2021</a> <span class="note">(\d+)</span>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no template facet value 2021:\n%s", body)
	}
	if n, _ := strconv.Atoi(m[2]); n != pageTotal(t, body) {
		t.Errorf("facet template=2021 counts %d of %d rows", n, pageTotal(t, body))
	}
	facetURL := strings.ReplaceAll(m[1], "&amp;", "&")
	if code, faceted := httpGet(t, base+facetURL); code != 200 || pageTotal(t, faceted) != pageTotal(t, body) || !strings.Contains(faceted, "template = 2021") {
		t.Errorf("facet link %s: %d", facetURL, code)
	}
	// The agency's kind, from the agencies table: a facet and a filter.
	_, kinds := httpGet(t, base+"/data/report_metrics")
	if !strings.Contains(kinds, `data-column="agency_kind"`) {
		t.Error("report_metrics has no agency_kind facet")
	}
	_, gov := httpGet(t, base+"/data/report_metrics?agency_kind=county_government")
	want := countOf(t, db, "SELECT count(*) FROM report_metrics m JOIN agencies a ON a.id = m.agency_id WHERE a.kind = 'county_government'")
	if got := pageTotal(t, gov); got != want || want == 0 || want == countOf(t, db, "SELECT count(*) FROM report_metrics") {
		t.Errorf("agency_kind=county_government keeps %d rows, the warehouse %d (of all)", got, want)
	}
	// Sorting: descending by value puts the warehouse's largest first.
	_, sorted := httpGet(t, base+"/data/report_values?_sort_desc=value&_size=1")
	top := countOf(t, db, "SELECT CAST(floor(max(value)) AS BIGINT) FROM report_values")
	if !regexp.MustCompile(`<td class="n">` + strconv.Itoa(top) + `(\.\d+)?</td></tr>`).MatchString(sorted) {
		t.Errorf("sorted by value descending does not start at %d", top)
	}
	// Paging: page 2 starts where page 1 ended, with links both ways.
	_, p1 := httpGet(t, base+"/data/documents?_size=3")
	_, p2 := httpGet(t, base+"/data/documents?_size=3&_page=2")
	ids := regexp.MustCompile(`href="/document/(\d+)"`)
	a, b := ids.FindAllStringSubmatch(p1, -1), ids.FindAllStringSubmatch(p2, -1)
	if len(a) != 3 || len(b) != 3 || a[2][1] >= b[0][1] && len(a[2][1]) >= len(b[0][1]) {
		t.Errorf("pages of documents: %v then %v", a, b)
	}
	if !strings.Contains(p1, `rel="next"`) || !strings.Contains(p2, `rel="prev"`) {
		t.Error("no next/previous page links")
	}
	// Column comments: the wide view's header carries the form's labels.
	_, wide := httpGet(t, base+"/data/report_wide_2021?_size=1")
	if !strings.Contains(wide, `<span class="comment">表三 三、本年度办理结果/（七）总计 · 总计（件）</span>`) {
		t.Error("report_wide_2021's header lacks the column comments")
	}
	// Bad input: a page in Chinese that names the column.
	if code, body := httpGet(t, base+"/data/report_values?nosuch=1"); code != 400 || !strings.Contains(body, "没有名为") {
		t.Errorf("unknown column: %d", code)
	}
	if code, body := httpGet(t, base+"/data/report_values?year=abc"); code != 400 || !strings.Contains(body, "不是数字") {
		t.Errorf("non-numeric year: %d", code)
	}
	if code, _ := httpGet(t, base+"/data/nosuch"); code != 404 {
		t.Errorf("unknown table: %d", code)
	}
}

// The .csv and .json of a view give the page shown; the full download is
// not capped: its row count equals the table's, past any page size.
func TestBrowseDownloads(t *testing.T) {
	base, db := browseBase(t)
	want := countOf(t, db, "SELECT count(*) FROM report_values")
	if want <= 1000 {
		t.Fatalf("the sample has %d report_values rows: too few to show a download past a page", want)
	}
	code, body := httpGet(t, base+"/data/report_values.csv?_all=1")
	if code != 200 {
		t.Fatalf("full CSV: %d %.300s", code, body)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != want {
		t.Errorf("full CSV has %d rows, report_values %d", len(recs)-1, want)
	}
	_, page := httpGet(t, base+"/data/report_values.csv?_size=7&year=2023")
	if recs, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(page, "\uFEFF"))).ReadAll(); len(recs) != 8 {
		t.Errorf("page CSV: %d records, want a header and 7", len(recs))
	}
	code, js := httpGet(t, base+"/data/checks.json?_all=1")
	var out struct {
		Rows []map[string]any `json:"rows"`
	}
	if code != 200 || json.Unmarshal([]byte(js), &out) != nil {
		t.Fatalf("checks.json: %d %.300s", code, js)
	}
	if n := countOf(t, db, "SELECT count(*) FROM checks"); len(out.Rows) != n {
		t.Errorf("checks.json has %d rows, checks %d", len(out.Rows), n)
	}
}

// A row page per document and per agency, linked from the browse pages.
func TestBrowseRowPages(t *testing.T) {
	base, _ := browseBase(t)
	_, docs := httpGet(t, base+"/data/documents?status=ok&_size=1")
	m := regexp.MustCompile(`href="/document/(\d+)"`).FindStringSubmatch(docs)
	if m == nil {
		t.Fatal("no document link")
	}
	code, doc := httpGet(t, base+"/document/"+m[1])
	if code != 200 || !strings.Contains(doc, "sha256") || !regexp.MustCompile(`href="/report/\d+"`).MatchString(doc) {
		t.Errorf("document page: %d\n%.800s", code, doc)
	}
	_, reps := httpGet(t, base+"/data/latest_reports?_size=1")
	a := regexp.MustCompile(`href="/agency/([^"]+)"`).FindStringSubmatch(reps)
	if a == nil {
		t.Fatal("no agency link")
	}
	name, _ := url.PathUnescape(a[1])
	code, ag := httpGet(t, base+"/agency/"+a[1])
	if code != 200 || !strings.Contains(ag, name) || strings.Count(ag, `href="/report/`) < 2 {
		t.Errorf("agency page %s: %d", name, code)
	}
	if code, body := httpGet(t, base+"/agency/"+url.PathEscape("没有这个机关")); code != 404 || !strings.Contains(body, "没有发布机关") {
		t.Errorf("unknown agency: %d", code)
	}
	if code, _ := httpGet(t, base+"/document/999999"); code != 404 {
		t.Errorf("unknown document: %d", code)
	}
}
