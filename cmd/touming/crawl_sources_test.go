package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/sampleportal"
)

// TestSameBytesFromTwoSources: a county's report that the city portal
// also lists (the same URL), and a copy of it under another URL, are
// recorded for both sources, each with its own region; a second pass adds
// nothing for either.
func TestSameBytesFromTwoSources(t *testing.T) {
	portal := sampleportal.New(sampleportal.Options{})
	var rep sampleportal.Report
	for _, r := range portal.Reports() {
		if r.Attachment == "" && r.Status == touming.StatusOK {
			rep = r
			break
		}
	}
	var site http.Handler
	for _, s := range portal.Sites() {
		if s.ID == rep.Site {
			site = s.Handler()
		}
	}
	page := httptest.NewRecorder()
	site.ServeHTTP(page, httptest.NewRequest("GET", rep.Path, nil))
	body := page.Body.Bytes()
	list := func(links ...string) string {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul>`)
		for _, l := range links {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, l, rep.Title)
		}
		return b.String() + `</ul></body></html>`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/county/ndbg/":
			fmt.Fprint(w, list("/art/report.html"))
		case "/city/ndbg/":
			fmt.Fprint(w, list("/art/report.html"))
		case "/town/ndbg/":
			fmt.Fprint(w, list("/town/copy.html"))
		case "/art/report.html", "/town/copy.html":
			w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	sources := filepath.Join(dir, "sources.yaml")
	yaml := fmt.Sprintf(`sources:
  - {id: county, name: 新乡县人民政府, region: "410721", start: ["%[1]s/county/ndbg/"]}
  - {id: city, name: 新乡市人民政府, region: "410700", start: ["%[1]s/city/ndbg/"]}
  - {id: town, name: 获嘉县人民政府, region: "410724", start: ["%[1]s/town/ndbg/"]}
`, srv.URL)
	os.WriteFile(sources, []byte(yaml), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	for pass := 1; pass <= 2; pass++ {
		code, out, errs := runCmd(t, "crawl", "--sources", sources, "--db", db, "--delay", "0")
		if code != 0 {
			t.Fatalf("pass %d: exit %d\n%s\n%s", pass, code, out, errs)
		}
		if pass == 2 && !strings.Contains(out, "reports new 0, changed 0, unchanged 3") {
			t.Errorf("second pass:\n%s", out)
		}
	}
	docs := query(t, db, "SELECT source_id || ' ' || url || ' ' || (report_id IS NOT NULL) FROM documents ORDER BY source_id")
	want := []string{"city " + srv.URL + "/art/report.html true", "county " + srv.URL + "/art/report.html true",
		"town " + srv.URL + "/town/copy.html true"}
	if strings.Join(docs, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n%s\nwant\n%s", strings.Join(docs, "\n"), strings.Join(want, "\n"))
	}
	got := query(t, db, "SELECT source_id || ' ' || region_code || ' ' || region_name FROM report_sources ORDER BY source_id")
	if want := "city 410700 新乡市\ncounty 410721 新乡县\ntown 410724 获嘉县"; strings.Join(got, "\n") != want {
		t.Errorf("report_sources:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	if n := query(t, db, "SELECT count(DISTINCT report_id) FROM documents"); n[0] != "1" {
		t.Errorf("%s reports for one set of bytes, want 1", n[0])
	}
}
