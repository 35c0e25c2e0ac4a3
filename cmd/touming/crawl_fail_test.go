package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/warehouse"
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

// TestSummaryCountsOnlyWhatWasCommitted: when a batch cannot be written
// (the disk is full), the pass stops, and its summary counts as new only
// the documents the warehouse holds; the others are listed as not stored.
func TestSummaryCountsOnlyWhatWasCommitted(t *testing.T) {
	p := startCrawlPortal(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	store := fileStore(db)
	write, calls := store.write, 0
	store.batches = nil // every batch through the write below
	full := errors.New("write w.duckdb.wal: no space left on device")
	store.write = func(ctx context.Context, items []warehouse.Item) (warehouse.Stats, error) {
		if calls++; calls > 1 {
			return warehouse.Stats{}, full
		}
		return write(ctx, items)
	}
	e, _, _ := whEnv()
	sum, err := crawlPass(context.Background(), e, fastPass(t, p, db, 5), store)
	if !errors.Is(err, full) {
		t.Fatalf("err %v, want the full disk", err)
	}
	stored := query(t, db, "SELECT count(*) FROM documents WHERE sha256 IS NOT NULL")
	tot := sum.Total()
	if got := fmt.Sprint(tot.New + tot.Changed); got != stored[0] {
		t.Errorf("summary counts %s documents new or changed, the warehouse holds %s", got, stored[0])
	}
	notStored := 0
	for _, f := range sum.Failures {
		if strings.HasPrefix(f.Reason, "not stored: ") && strings.Contains(f.Reason, "no space left") {
			notStored++
		}
	}
	if notStored < 5 { // at least the failed batch
		t.Errorf("%d documents listed as not stored, want at least a batch of 5", notStored)
	}
}

// TestEmptyBodyHasItsOwnStatus: a 0-byte attachment is recorded as empty,
// not as a report without tables.
func TestEmptyBodyHasItsOwnStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/xxgk/ndbg/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><ul><li><a href="/upload/2024/ndbg.pdf">某县人民政府2023年政府信息公开工作年度报告</a></li></ul></body></html>`)
		case "/upload/2024/ndbg.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", "0")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	sources := filepath.Join(dir, "sources.yaml")
	os.WriteFile(sources, []byte("sources:\n  - id: a\n    name: 某县\n    start: ["+srv.URL+"/xxgk/ndbg/]\n"), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	code, out, errs := runCmd(t, "crawl", "--sources", sources, "--db", db, "--delay", "0")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	got := query(t, db, "SELECT status || ' ' || size || ' ' || error FROM documents")
	if len(got) != 1 || !strings.HasPrefix(got[0], "empty 0 ") {
		t.Errorf("documents: %v, want one empty", got)
	}
	if !strings.Contains(out, "empty: ") {
		t.Errorf("the summary does not list the empty attachment:\n%s", out)
	}
}
