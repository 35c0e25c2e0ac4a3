package sampleportal

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// sum adds the values of keys, or reports false when one is null.
func sum(v map[string]*float64, keys ...string) (float64, bool) {
	var s float64
	for _, k := range keys {
		if v[k] == nil {
			return 0, false
		}
		s += *v[k]
	}
	return s, true
}

func withPrefix(p string, ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = p + k
	}
	return out
}

// TestTruthHoldsTheTemplatesArithmetic: every report without a defect
// adds up as the national template says, carries exactly its template's
// keys, and the defects are where they were put.
func TestTruthHoldsTheTemplatesArithmetic(t *testing.T) {
	fields := touming.MustFields()
	defects := map[Defect]int{}
	for _, r := range New(Options{}).Reports() {
		if r.Values == nil {
			continue
		}
		if got, want := len(r.Values), len(fields.For(r.Template)); got != want {
			t.Errorf("%s %d: %d keys, want %d", r.Site, r.Year, got, want)
		}
		defects[r.Defect]++
		if r.Defect != "" {
			continue
		}
		for _, row := range []string{"new_received", "granted", "total_processed", "carried_forward"} {
			parts, _ := sum(r.Values, withPrefix("apply."+row+".", applicantCols())...)
			if total := *r.Values["apply."+row+".total"]; parts != total {
				t.Errorf("%s %d %s: columns add to %v, total says %v", r.Site, r.Year, row, parts, total)
			}
		}
		for _, c := range append(applicantCols(), "total") {
			var outs []string
			for _, o := range outcomes(r.Template) {
				outs = append(outs, "apply."+o.key+"."+c)
			}
			processed, _ := sum(r.Values, outs...)
			in, _ := sum(r.Values, "apply.new_received."+c, "apply.carried_over."+c)
			fwd := *r.Values["apply.carried_forward."+c]
			if processed != *r.Values["apply.total_processed."+c] || in != processed+fwd {
				t.Errorf("%s %d %s: outcomes %v, processed %v, in %v, forward %v", r.Site, r.Year, c, processed,
					*r.Values["apply.total_processed."+c], in, fwd)
			}
		}
		parts, _ := sum(r.Values, "review.upheld", "review.corrected", "review.other", "review.pending")
		if parts != *r.Values["review.total"] {
			t.Errorf("%s %d: review adds to %v, total %v", r.Site, r.Year, parts, *r.Values["review.total"])
		}
	}
	for _, d := range []Defect{DefectBlankCell, DefectBadSum, DefectSubtotal} {
		if defects[d] != 1 {
			t.Errorf("defect %s appears %d times, want 1", d, defects[d])
		}
	}
}

// TestYearsFollowOneAnother: what a county carries forward is what it
// carries over the next year, as in real reports.
func TestYearsFollowOneAnother(t *testing.T) {
	byYear := map[string]map[int]Report{}
	for _, r := range New(Options{}).Reports() {
		if byYear[r.Agency] == nil {
			byYear[r.Agency] = map[int]Report{}
		}
		byYear[r.Agency][r.Year] = r
	}
	for agency, ys := range byYear {
		for y := 2019; y < 2024; y++ {
			a, b := ys[y], ys[y+1]
			if a.Values == nil || b.Values == nil {
				continue
			}
			if *a.Values["apply.carried_forward.total"] != *b.Values["apply.carried_over.total"] {
				t.Errorf("%s: %d forward %v, %d carried over %v", agency, y, *a.Values["apply.carried_forward.total"],
					y+1, *b.Values["apply.carried_over.total"])
			}
		}
	}
}

func TestPortalIsDeterministic(t *testing.T) {
	a, b := New(Options{}).Reports(), New(Options{}).Reports()
	if len(a) != 42 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two portals differ, or do not hold 7 counties × 6 years (%d reports)", len(a))
	}
}

func get(t *testing.T, srv *httptest.Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// TestSitesBehaveAsPortals checks the behaviours the crawler is tested on.
func TestSitesBehaveAsPortals(t *testing.T) {
	p := New(Options{})
	serve := func(i int) (*Site, *httptest.Server) {
		s := p.Sites()[i]
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		return s, srv
	}
	xx, xsrv := serve(0)
	if res, body := get(t, xsrv, "/robots.txt"); res.StatusCode != 200 || !strings.Contains(string(body), "Disallow: /preview/") {
		t.Errorf("robots.txt: %d %q", res.StatusCode, body)
	}
	if _, body := get(t, xsrv, xx.List); !strings.Contains(string(body), `createPageHTML(countPage, currentPage, "index", "htm")`) {
		t.Errorf("TRS list has no createPageHTML call")
	}
	r2022 := xx.mainReport(2022)
	if res, _ := get(t, xsrv, r2022.Path); res.StatusCode != 500 {
		t.Errorf("first request for the failing page: %d, want 500", res.StatusCode)
	}
	res, _ := get(t, xsrv, r2022.Path)
	if res.StatusCode != 200 || res.Header.Get("ETag") == "" {
		t.Fatalf("second request: %d, ETag %q", res.StatusCode, res.Header.Get("ETag"))
	}
	if res, _ := get(t, xsrv, r2022.Path, "If-None-Match", res.Header.Get("ETag")); res.StatusCode != 304 {
		t.Errorf("conditional GET: %d, want 304", res.StatusCode)
	}
	hj, hsrv := serve(1)
	res, body := get(t, hsrv, hj.List)
	if ct := res.Header.Get("Content-Type"); ct != "text/html" || !strings.Contains(string(body), "<recordset>") || bytes.Contains(body, []byte("政府")) {
		t.Errorf("Hanweb list: Content-Type %q; want GBK records with no charset in the header", ct)
	}
	if res, _ := get(t, hsrv, hj.oldPath(hj.movedReport())); res.StatusCode != 301 || res.Header.Get("Location") != hj.movedReport().Path {
		t.Errorf("moved report: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	yy, ysrv := serve(2)
	doc := yy.mainReport(2020)
	_, body = get(t, ysrv, doc.Attachment)
	if zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err != nil || len(zr.File) != 3 {
		t.Errorf("DOCX attachment is not a Word package: %v", err)
	}
	if _, again := get(t, ysrv, doc.Attachment); !bytes.Equal(body, again) {
		t.Errorf("the DOCX differs between two requests")
	}
	_, yj := serve(3)
	if res, _ := get(t, yj, "/robots.txt"); res.StatusCode != 404 {
		t.Errorf("延津县 should have no robots.txt, got %d", res.StatusCode)
	}
}

// TestSharedHandlerPrefixesSites serves all sites on one server, as the
// demo does, with links under each site's prefix.
func TestSharedHandlerPrefixesSites(t *testing.T) {
	p := New(Options{})
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	s := p.Sites()[0]
	res, body := get(t, srv, "/"+s.ID+s.List)
	if res.StatusCode != 200 || !strings.Contains(string(body), `href="/`+s.ID+`/zwgk/zfxxgk/"`) {
		t.Errorf("prefixed list: %d", res.StatusCode)
	}
	if _, body := get(t, srv, "/robots.txt"); !strings.Contains(string(body), "Disallow: /"+s.ID+"/preview/") {
		t.Errorf("shared robots.txt: %s", body)
	}
	yaml := p.SourcesYAML(map[string]string{s.ID: srv.URL + "/" + s.ID})
	if !strings.Contains(yaml, "start:\n      - "+srv.URL+"/"+s.ID+"/\n") {
		t.Errorf("sources YAML:\n%s", yaml)
	}
}
