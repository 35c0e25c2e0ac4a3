package pipeline

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
)

// TestWorkerWithoutTransportKeepsTheGuard: a worker given no transport
// dials through the crawl's address guard. The source's portal (A, on
// loopback) links a report that redirects to another loopback server (B,
// standing for a touming serve or an intranet service beside the
// crawler): B, not the source's, must get no request.
func TestWorkerWithoutTransportKeepsTheGuard(t *testing.T) {
	var hits atomic.Int64
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "<html><body>internal</body></html>")
	}))
	t.Cleanup(b.Close)
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><body><a href="/go.html">某县人民政府2020年政府信息公开工作年度报告</a></body></html>`)
		case "/go.html":
			http.Redirect(w, r, b.URL+"/admin", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(a.Close)
	ex := extract.New(extract.Config{})
	defer ex.Close()
	st := &memStore{ids: map[string]bool{}}
	srcs := []touming.Source{{ID: "county", Name: "某县", Start: []string{a.URL + "/"}}}
	res, err := RunLocal(context.Background(), LocalConfig{StoreDir: t.TempDir(),
		Hub:    HubConfig{Store: st, Archive: crawl.Archive{Dir: t.TempDir()}, FailFast: true},
		Worker: WorkerConfig{}}, srcs, crawl.Config{Delay: 10 * time.Millisecond, Timeout: time.Minute}, ex)
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other loopback server got %d requests, want none", n)
	}
	if res.Summary.Total().Pages == 0 {
		t.Error("the source's own portal was not crawled")
	}
}
