package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/touming/touming"
)

// trapColumn is a column whose list page links to itself under ever new
// query strings (下一页 to ?page=n+1, forever), each page with a report.
func trapColumn(t *testing.T) (*httptest.Server, *atomic.Int64) {
	lists := &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/xxgk/ndbg/index.jsp":
			lists.Add(1)
			n, _ := strconv.Atoi(r.URL.Query().Get("page"))
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><body><ul><li><a href="/art/%d.htm">某县人民政府%d年政府信息公开工作年度报告</a></li></ul>
<div class="page"><a href="index.jsp?page=%d&sid=%d">下一页</a></div></body></html>`, n, 2000+n%30, n+1, n*7)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, strings.Replace(reportPage(2000), "<h1>", "<h1>"+r.URL.Path, 1))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, lists
}

// TestQueryStringTrapEnds: a list page that links to itself under endless
// query strings stops at the variants limit, and the summary names it.
func TestQueryStringTrapEnds(t *testing.T) {
	srv, lists := trapColumn(t)
	cfg := fastConfig()
	cfg.MaxQueryVariants = 20
	srcs := []touming.Source{{ID: "trap", Name: "某县", Start: []string{srv.URL + "/xxgk/ndbg/index.jsp"}}}
	sum, err := Run(context.Background(), cfg, srcs, nil, (&recorder{}).handle)
	if err != nil {
		t.Fatal(err)
	}
	if n := lists.Load(); n != 21 { // the start page and 20 variants
		t.Errorf("the list page was fetched %d times, want 21", n)
	}
	if r := failureFor(sum, "/xxgk/ndbg/index.jsp"); !strings.Contains(r, "crawler trap: more than 20 query-string variants") {
		t.Errorf("the summary does not name the trap: %+v", sum.Failures)
	}
	if !hasSkip(sum, skipTrap) {
		t.Errorf("skips: %+v", sum.Skips)
	}
}

// TestPageLimitPerSource: a source stops at its page limit for the pass,
// and another source is not held to the first one's count.
func TestPageLimitPerSource(t *testing.T) {
	srv, _ := trapColumn(t)
	other := startHostile(t, map[string]http.HandlerFunc{"/report.htm": serveReport})
	cfg := fastConfig()
	cfg.MaxPages = 15
	srcs := append([]touming.Source{{ID: "trap", Name: "某县", Start: []string{srv.URL + "/xxgk/ndbg/index.jsp"}}}, other.sources()...)
	rec := &recorder{}
	sum, err := Run(context.Background(), cfg, srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	s := sum.Sources[0]
	if got := s.Pages + s.New + s.Changed + s.Unchanged; got != 15 {
		t.Errorf("the trap source fetched %d URLs (%+v), want its limit of 15", got, s)
	}
	if !hasSkip(sum, skipPageLimit) {
		t.Errorf("skips: %+v", sum.Skips)
	}
	found := false
	for _, f := range sum.Failures {
		found = found || f.SourceID == "trap" && strings.Contains(f.Reason, "page limit: 15 URLs")
	}
	if !found {
		t.Errorf("the summary does not name the limit: %+v", sum.Failures)
	}
	if other.hitsOf("/report.htm") != 1 {
		t.Error("the other source was held to the first one's limit")
	}
}
