package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/touming/touming"
)

// TestTwoSourcesOneDocument: a report that two sources list (a city
// portal linking a county's report) is fetched and handed over for each;
// on the next pass each source's own stored copy makes it unchanged.
func TestTwoSourcesOneDocument(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/county/", "/city/":
			fmt.Fprint(w, `<html><body><a href="/art/2024/report.html">某县人民政府2023年政府信息公开工作年度报告</a></body></html>`)
		case "/art/2024/report.html":
			w.Header().Set("ETag", `"r1"`)
			if r.Header.Get("If-None-Match") == `"r1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, reportPage(3000))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	srcs := []touming.Source{{ID: "county", Name: "某县", Start: []string{srv.URL + "/county/"}},
		{ID: "city", Name: "某市", Start: []string{srv.URL + "/city/"}}}
	first := &recorder{}
	if _, err := Run(context.Background(), fastConfig(), srcs, nil, first.handle); err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, f := range first.got {
		by[f.Doc.SourceID]++
	}
	if len(first.got) != 2 || by["county"] != 1 || by["city"] != 1 {
		t.Fatalf("handed over %d (%v), want once for each source", len(first.got), by)
	}
	prior := map[string]touming.Document{}
	for _, f := range first.got { // as the warehouse gives it: one per URL and source
		prior[PriorKey(f.Doc.SourceID, f.Doc.URL)] = f.Doc
		prior[f.Doc.URL] = f.Doc
	}
	second := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), srcs, prior, second.handle)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.got) != 0 || sum.Total().Unchanged != 2 {
		t.Errorf("second pass handed over %d, %d unchanged; want 0 and 2", len(second.got), sum.Total().Unchanged)
	}
}
