package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The SQL page on a real warehouse: a ?sql= permalink runs its query,
// results page and sort, DuckDB's own syntax error is shown for a typo,
// every canned query runs with its defaults and with a parameter, the
// schema page has the column comments, and a result draws as a chart.
func TestSQLPagePermalinksCannedSchemaChart(t *testing.T) {
	base, db := browseBase(t)
	q := "SELECT report_id, agency, year, applications FROM report_metrics ORDER BY report_id"
	code, body := httpGet(t, base+"/sql?sql="+url.QueryEscape(q)+"&_size=5&_page=2")
	if code != 200 {
		t.Fatalf("permalink: %d\n%s", code, body)
	}
	n := countOf(t, db, "SELECT count(*) FROM report_metrics")
	if !strings.Contains(body, "显示第 6–10 行") || strings.Count(body, `<tr><td class="n"><a href="/report/`) != 5 {
		t.Errorf("page 2 of 5 rows of %d:\n%s", n, body)
	}
	// The last page's rows give the total, without a count; a page past
	// the end is counted.
	for _, pg := range []string{"1&_size=20", "3&_size=5", "4&_size=5"} {
		_, body := httpGet(t, base+"/sql?sql="+url.QueryEscape("SELECT * FROM range(12)")+"&_page="+pg)
		if !strings.Contains(body, "结果：12 行") {
			t.Errorf("range(12), page %s: no total of 12:\n%.3000s", pg, body)
		}
	}
	_, sorted := httpGet(t, base+"/sql?sql="+url.QueryEscape(q)+"&_sort_desc=applications&_size=1")
	top := countOf(t, db, "SELECT CAST(max(applications) AS BIGINT) FROM report_metrics")
	if !regexp.MustCompile(`<td class="n">` + strconv.Itoa(top) + `</td></tr>`).MatchString(sorted) {
		t.Errorf("sorted by applications descending does not start at %d", top)
	}
	code, body = httpGet(t, base+"/sql?sql="+url.QueryEscape("SELECT agency FRM reports"))
	if code != 400 || !strings.Contains(body, "查询没有运行") || !strings.Contains(body, "syntax error") {
		t.Errorf("typo: %d\n%s", code, body)
	}
	// Canned queries: each runs with its defaults; a parameter changes it.
	_, page := httpGet(t, base+"/sql")
	names := regexp.MustCompile(`href="/sql/q/([a-z_]+)"`).FindAllStringSubmatch(page, -1)
	if len(names) < 6 {
		t.Fatalf("the SQL page lists %d canned queries", len(names))
	}
	for _, m := range names {
		if code, body := httpGet(t, base+"/sql/q/"+m[1]); code != 200 || !strings.Contains(body, `id="result"`) {
			t.Errorf("canned %s: %d\n%.1500s", m[1], code, body)
		}
	}
	_, three := httpGet(t, base+"/sql/q/counties_most_applications?limit=3")
	if !strings.Contains(three, "结果：3 行") || !strings.Contains(three, "LIMIT 3") {
		t.Errorf("canned query with limit=3:\n%.3000s", three)
	}
	if code, body := httpGet(t, base+"/sql/q/counties_most_applications?limit=abc"); code != 400 || !strings.Contains(body, "应为整数") {
		t.Errorf("limit=abc: %d", code)
	}
	// The schema page: every relation, the wide views' comments.
	_, schema := httpGet(t, base+"/schema")
	if !strings.Contains(schema, `id="report_wide_2019"`) || !strings.Contains(schema, "表三 三、本年度办理结果/（七）总计 · 总计（件）") {
		t.Error("schema page lacks report_wide_2019 or its column comments")
	}
	// A chart of a result, and its CSV.
	cq := "SELECT year, region_name, sum(applications) AS applications FROM report_metrics GROUP BY ALL ORDER BY ALL"
	chart := base + "/sql?sql=" + url.QueryEscape(cq) + "&_x=year&_y=applications&_series=region_name&_kind=line"
	_, body = httpGet(t, chart)
	if !strings.Contains(body, `id="result_chart"`) || !strings.Contains(body, `"type":"line"`) || !strings.Contains(body, "saveAsImage") {
		t.Fatalf("no line chart of the result:\n%.3000s", body)
	}
	_, csvBody := httpGet(t, chart+"&format=chart.csv")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, "\uFEFF"))).ReadAll()
	regions := countOf(t, db, "SELECT count(DISTINCT region_name) FROM report_metrics")
	years := countOf(t, db, "SELECT count(DISTINCT year) FROM report_metrics")
	if err != nil || len(recs) != years+1 || len(recs[0]) != regions+1 || recs[0][0] != "year" {
		t.Errorf("chart CSV: %v, %d×%d, want %d years × %d regions: %q", err, len(recs), len(recs[0]), years, regions, recs[0])
	}
}

// Saved queries: saved by name into the file beside the warehouse, run at
// their own URL, listed, and deleted.
func TestSQLSavedQueries(t *testing.T) {
	base, db := browseBase(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"name": {"各年报告数"}, "sql": {"SELECT year, count(*) AS n FROM reports GROUP BY year ORDER BY year"}}
	res, err := client.PostForm(base+"/sql/save", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/sql/saved/") {
		t.Fatalf("save: %d %s", res.StatusCode, loc)
	}
	b, err := os.ReadFile(db + ".queries.json")
	if err != nil || !strings.Contains(string(b), "各年报告数") {
		t.Fatalf("saved-queries file: %v %s", err, b)
	}
	code, body := httpGet(t, base+loc)
	if code != 200 || !strings.Contains(body, "已保存：各年报告数") || !strings.Contains(body, "结果：") {
		t.Errorf("saved query page: %d\n%.2000s", code, body)
	}
	if _, page := httpGet(t, base+"/sql"); !strings.Contains(page, `href="/sql/saved/`+strings.ToLower(url.PathEscape("各年报告数"))+`"`) {
		t.Error("the SQL page does not list the saved query")
	}
	res, err = client.PostForm(base+"/sql/save", url.Values{"name": {""}, "sql": {"SELECT 1"}})
	if err == nil {
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("save with no name: %d", res.StatusCode)
		}
	}
	if res, err := client.PostForm(base+"/sql/delete", url.Values{"name": {"各年报告数"}}); err == nil {
		res.Body.Close()
	}
	if code, _ := httpGet(t, base+loc); code != 404 {
		t.Errorf("deleted query: %d, want 404", code)
	}
}

// The whole dataset as a zip: CSV and Parquet, every table and view and the
// data dictionary; the CSV of report_values has every row.
func TestDownloadWholeDataset(t *testing.T) {
	base, db := browseBase(t)
	if code, body := httpGet(t, base+"/download"); code != 200 || !strings.Contains(body, "touming-parquet.zip") {
		t.Fatalf("/download: %d", code)
	}
	files := unzip(t, base+"/download/touming-csv.zip")
	for _, want := range []string{"touming/README.txt", "touming/dictionary.csv", "touming/report_values.csv", "touming/report_wide_2021.csv", "touming/documents.csv"} {
		if _, ok := files[want]; !ok {
			t.Errorf("csv zip lacks %s", want)
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files["touming/report_values.csv"], []byte("\uFEFF")))).ReadAll()
	if n := countOf(t, db, "SELECT count(*) FROM report_values"); err != nil || len(recs)-1 != n {
		t.Errorf("report_values.csv in the zip: %d rows, want %d (%v)", len(recs)-1, n, err)
	}
	pq := unzip(t, base+"/download/touming-parquet.zip")
	parts := 0
	for name := range pq {
		if strings.HasPrefix(name, "touming/report_values/year=") && strings.HasSuffix(name, ".parquet") {
			parts++
		}
	}
	if _, ok := pq["touming/dictionary.csv"]; !ok || parts < 2 {
		t.Errorf("parquet zip: %d year partitions of report_values, dictionary %v", parts, ok)
	}
	if code, _ := httpGet(t, base+"/download/other.zip"); code != 404 {
		t.Errorf("unknown download: %d", code)
	}
}

func unzip(t *testing.T, u string) map[string][]byte {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d %s", u, res.StatusCode, b)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}
