package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrawlExitsOneWhenEverySourceFailed: a pass in which no source yields
// a single page (one in a redirect loop, one whose robots.txt answers 503)
// exits 1, and the summary names each source as failed and why.
func TestCrawlExitsOneWhenEverySourceFailed(t *testing.T) {
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/a/":
			http.Redirect(w, r, "/b/", http.StatusFound)
		default:
			http.Redirect(w, r, "/a/", http.StatusFound)
		}
	}))
	defer loop.Close()
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "维护中", http.StatusServiceUnavailable)
	}))
	defer busy.Close()
	dir := t.TempDir()
	sources := filepath.Join(dir, "sources.yaml")
	os.WriteFile(sources, []byte("sources:\n  - id: loop\n    name: 甲县\n    start: ["+loop.URL+"/a/]\n"+
		"  - id: busy\n    name: 乙县\n    start: ["+busy.URL+"/]\n"), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	code, out, errs := runCmd(t, "crawl", "--sources", sources, "--db", db, "--delay", "0", "--retries", "0")
	if code != 1 || !strings.Contains(errs, "every source failed") {
		t.Fatalf("exit %d, stderr %q; want 1 and every source failed", code, errs)
	}
	for _, want := range []string{"loop", "busy", "FAILED: no start URL yielded a page", "redirect loop", "robots.txt answered HTTP 503"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "FAILED") != 2 {
		t.Errorf("want both sources failed:\n%s", out)
	}
}
