package main

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// sqlRows runs q on the SQL page and returns its CSV records, header first.
func sqlRows(t *testing.T, base, q string) [][]string {
	t.Helper()
	code, body := httpGet(t, base+"/sql?format=csv&q="+url.QueryEscape(q))
	if code != 200 {
		t.Fatalf("sql %s: %d %s", q, code, body)
	}
	return csvRecords(t, body)
}

// compareCSV downloads one chart's CSV of the compare page, keyed by
// region code and year.
func compareCSV(t *testing.T, base, query string) map[string][]string {
	t.Helper()
	code, body := httpGet(t, base+"/compare?"+query)
	if code != 200 {
		t.Fatalf("compare %s: %d\n%s", query, code, body)
	}
	out := map[string][]string{}
	for _, r := range csvRecords(t, body)[1:] {
		out[r[0]+"/"+r[3]] = r
	}
	return out
}

// The compare page on the sample warehouse (Options.Bodies): units compare
// like with like, the copy of one agency-year is counted once, sums add
// up, and every rate under the threshold is marked and left unranked.
func TestServeCompareLikeWithLike(t *testing.T) {
	base := startServe(t, serveConfig{DB: serveSampleWarehouse(t)})
	years := "region=410700&years=2021,2022,2023,2024"

	// 延津县's government skipped 2022: no report, not a department's numbers.
	gov := compareCSV(t, base, years+"&csv=apply_new")
	if r := gov["410726/2022"]; r == nil || r[8] != "" || r[11] != "无报告" || r[5] != "" {
		t.Errorf("延津县 2022 under county governments = %q, want no report", r)
	}
	if r := gov["410726/2023"]; r == nil || r[8] == "" || !strings.HasSuffix(r[6], "人民政府") {
		t.Errorf("延津县 2023 = %q, want its government's report", r)
	}

	// 原阳县 2024 was posted as a page and a Word copy with one cell
	// different: one latest report, one conflict, counted once.
	if n := sqlRows(t, base, `SELECT count(*) FROM report_metrics m JOIN agencies a ON a.id = m.agency_id
		WHERE a.region_code = '410725' AND a.kind = 'county_government' AND m.year = 2024`)[1][0]; n != "1" {
		t.Errorf("report_metrics counts 原阳县's 2024 government report %s times", n)
	}
	conflicts := sqlRows(t, base, `SELECT key FROM report_conflict_cells`)
	if len(conflicts) != 2 || conflicts[1][0] != "active.penalty.decisions" {
		t.Errorf("conflict cells = %q, want the one 行政处罚 cell", conflicts)
	}
	_, quality := httpGet(t, base+"/quality")
	if !strings.Contains(quality, "同一机关同一年有两份数字不同的报告（1）") || !strings.Contains(quality, "_fj.docx") || !regexp.MustCompile(`active.penalty.decisions \d+≠\d+`).MatchString(quality) {
		t.Error("the quality page does not list the conflict with both copies")
	}

	// A department type across the counties: every county's 公安局.
	dept := compareCSV(t, base, years+"&unit=dept&type="+url.QueryEscape("公安局")+"&csv=apply_new")
	police := map[string]bool{}
	for _, r := range sqlRows(t, base, `SELECT id FROM agencies WHERE dept_type = '公安局'`)[1:] {
		police[r[0]] = true
	}
	if len(police) != 7 {
		t.Fatalf("%d 公安局 agencies, want one per county", len(police))
	}
	for k, r := range dept {
		if !police[r[5]] || !strings.HasSuffix(r[6], "公安局") || r[8] == "" {
			t.Errorf("公安局 row %s = %q: not a 公安局 report", k, r)
		}
	}

	// Whole counties: each total is the sum of the bodies' values.
	sums := compareCSV(t, base, years+"&unit=county&csv=apply_new")
	want := sqlRows(t, base, `SELECT a.region_code, r.year, sum(v.value), count(*) FROM reports r
		JOIN agencies a ON a.id = r.agency_id JOIN cells c ON c.report_id = r.id AND c.canonical
		JOIN (SELECT report_id, value FROM cells WHERE key = 'apply.new_received.total' AND canonical) v ON v.report_id = r.id
		WHERE r.latest AND c.key = 'apply.new_received.total' AND a.region_code LIKE '4107%' AND r.year >= 2021
		GROUP BY ALL`)
	for _, w := range want[1:] {
		r := sums[w[0]+"/"+w[1]]
		if r == nil || !sameNumber(r[8], w[2]) || r[10] != w[3] {
			t.Errorf("whole county %s %s = %q, want sum %s over %s bodies", w[0], w[1], r, w[2], w[3])
		}
	}

	// Every rate under the threshold is marked and left out of its ranking.
	for _, rate := range []string{"disclosure_rate", "review_correction_rate", "lit_loss_rate"} {
		chart := compareCSV(t, base, years+"&csv="+rate)
		ranks := compareCSV(t, base, years+"&csv=rank_"+rate)
		low := 0
		for k, r := range chart {
			n, err := strconv.ParseFloat(r[9], 64)
			if err != nil || r[8] == "" || n >= 20 {
				continue
			}
			low++
			if !strings.Contains(r[11], "不参与排名") {
				t.Errorf("%s %s: n = %s but not marked: %q", rate, k, r[9], r)
			}
			if rk := ranks[k]; rk == nil || rk[6] != "" {
				t.Errorf("%s %s: n = %s but ranked: %q", rate, k, r[9], rk)
			}
		}
		if rate != "disclosure_rate" && low == 0 {
			t.Errorf("%s: no county under the threshold; the sample's reviews are few", rate)
		}
	}
}

// The county page lists every body with its years and links; the agency
// page lists the renamed department's names; the report page links both.
func TestServeCountyAndAgencyPages(t *testing.T) {
	base := startServe(t, serveConfig{DB: serveSampleWarehouse(t)})
	code, body := httpGet(t, base+"/county/410726")
	if code != 200 || !strings.Contains(body, "延津县人民政府") || !strings.Contains(body, "延津县公安局") {
		t.Fatalf("county page: %d, bodies missing", code)
	}
	if !strings.Contains(body, `<td class="missing">缺</td>`) {
		t.Error("延津县's skipped 2022 is not shown as missing")
	}
	id := sqlRows(t, base, `SELECT id FROM agencies WHERE name = '获嘉县自然资源局'`)
	if len(id) != 2 {
		t.Fatalf("获嘉县自然资源局: %q", id)
	}
	code, body = httpGet(t, base+"/agency/"+id[1][0])
	if code != 200 || !strings.Contains(body, "获嘉县国土资源局") || !strings.Contains(body, "自然资源和规划局") {
		t.Errorf("agency page of the renamed department: %d, names or type missing", code)
	}
	rep := sqlRows(t, base, `SELECT id FROM reports WHERE latest AND agency = '获嘉县国土资源局' AND year = 2020`)
	_, body = httpGet(t, base+"/report/"+rep[1][0])
	if !strings.Contains(body, `href="/agency/`+id[1][0]+`"`) || !strings.Contains(body, `href="/county/410724"`) {
		t.Error("the report page does not link its agency and county")
	}
	_, body = httpGet(t, base+"/")
	if !strings.Contains(body, `href="/county/410721"`) {
		t.Error("the overview's coverage grid does not link the county page")
	}
}

// A body whose name cannot be placed keeps kind other and is listed on
// the quality page, as is a report that names no body; neither joins the
// county governments.
func TestServeQualityListsUnplacedAgencies(t *testing.T) {
	path := serveSampleWarehouse(t)
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	item := func(url, agency string) warehouse.Item {
		return warehouse.Item{Document: touming.Document{URL: url},
			Report: &touming.Report{Template: touming.Template2021, Meta: touming.Meta{Agency: agency, Year: 2023},
				Values: map[string]*float64{"apply.new_received.total": touming.Float(5)}}}
	}
	_, err = db.Write(context.Background(), []warehouse.Item{
		item("https://example.gov.cn/a.html", "新乡县老干部活动中心"), item("https://example.gov.cn/bb.html", "")})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	base := startServe(t, serveConfig{DB: path})
	_, body := httpGet(t, base+"/quality")
	if !strings.Contains(body, "新乡县老干部活动中心") || !strings.Contains(body, "报告未写发布机关") {
		t.Error("the quality page does not list the unplaced body and the report naming none")
	}
	if k := sqlRows(t, base, `SELECT kind FROM agencies WHERE name = '新乡县老干部活动中心'`); len(k) != 2 || k[1][0] != "other" {
		t.Errorf("kind = %q, want other", k)
	}
	gov := compareCSV(t, base, "region=410700&years=2023&csv=apply_new")
	if r := gov["410721/2023"]; r == nil || !strings.HasSuffix(r[6], "人民政府") {
		t.Errorf("新乡县 2023 under county governments = %q", r)
	}
}
