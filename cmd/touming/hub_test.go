package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/sampleportal"
)

// hostLog is the sample portal's request log: when each request to each
// host arrived.
type hostLog struct {
	mu     sync.Mutex
	at     map[string][]hit
	flight map[string]int // requests being served now, per host
	peak   map[string]int // the most at once
}

// hit is one request as the portal received it.
type hit struct {
	at   time.Time
	path string
}

func (l *hostLog) wrap(host string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.at[host] = append(l.at[host], hit{time.Now(), r.URL.RequestURI()})
		l.flight[host]++
		l.peak[host] = max(l.peak[host], l.flight[host])
		l.mu.Unlock()
		defer func() { l.mu.Lock(); l.flight[host]--; l.mu.Unlock() }()
		h.ServeHTTP(w, r)
	})
}

func (l *hostLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.at, l.flight, l.peak = map[string][]hit{}, map[string]int{}, map[string]int{}
}

// polite checks the portal's log against the delay: never two requests
// to one host at once, and over each host's crawl the requests no denser
// than one per delay. (Single gaps are checked on the crawlers' side, by
// startLog: the portal logs arrivals, and on a loaded machine one request
// may arrive a few hundred milliseconds late and the next on time.)
func (l *hostLog) polite(t *testing.T, delay time.Duration) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for h, hs := range l.at {
		if l.peak[h] > 1 {
			t.Errorf("%s: %d requests at once", h, l.peak[h])
		}
		if span := hs[len(hs)-1].at.Sub(hs[0].at); span < time.Duration(len(hs)-2)*delay {
			t.Errorf("%s: %d requests in %s, delay %s", h, len(hs), span, delay)
		}
	}
}

// startLog is the workers' transport: it logs when each request leaves a
// crawler, past the politeness gate, by host, across all workers.
type startLog struct{ hostLog }

func (s *startLog) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.at[r.URL.Host] = append(s.at[r.URL.Host], hit{time.Now(), r.URL.RequestURI()})
	s.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

// closest is the shortest gap between two requests to one host, and the
// host and paths.
func (l *hostLog) closest() (time.Duration, string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	best, where, n := time.Hour, "", 0
	for h, ts := range l.at {
		sort.Slice(ts, func(i, j int) bool { return ts[i].at.Before(ts[j].at) })
		n += len(ts)
		for i := 1; i < len(ts); i++ {
			if d := ts[i].at.Sub(ts[i-1].at); d < best {
				best, where = d, h+" ("+ts[i-1].path+", then "+ts[i].path+")"
			}
		}
	}
	return best, where, n
}

// startLoggedPortal serves the sample portal, a loopback host per site,
// with every request logged.
func startLoggedPortal(t *testing.T) (*crawlPortal, *hostLog) {
	t.Helper()
	p := &crawlPortal{Portal: sampleportal.New(sampleportal.Options{Slow: 20 * time.Millisecond}), urls: map[string]string{}}
	log := &hostLog{}
	log.reset()
	for _, s := range p.Sites() {
		srv := httptest.NewServer(log.wrap(s.ID, s.Handler()))
		t.Cleanup(srv.Close)
		p.urls[s.ID] = srv.URL
	}
	p.sources = filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(p.sources, []byte(p.SourcesYAML(p.urls)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, log
}

// sameWarehouses compares what two crawls of one portal stored.
func sameWarehouses(t *testing.T, a, b string) {
	t.Helper()
	for _, q := range []string{
		"SELECT url, version, latest, year, agency, template FROM reports ORDER BY url",
		"SELECT final_url, sha256, status, coalesce(error, '') FROM documents ORDER BY final_url, status",
		"SELECT url, key, coalesce(CAST(value AS VARCHAR), 'null') FROM report_values ORDER BY url, key",
	} {
		x, y := query(t, a, q), query(t, b, q)
		if len(x) == 0 {
			t.Errorf("%s: nothing stored", q)
		}
		if strings.Join(x, "\n") != strings.Join(y, "\n") {
			t.Errorf("%s: %d rows in one, %d in the other", q, len(x), len(y))
			for i := range min(len(x), len(y)) {
				if x[i] != y[i] {
					t.Errorf("first difference:\n  %s\n  %s", x[i], y[i])
					break
				}
			}
		}
	}
}

// startHub runs `touming hub` on a random loopback port and returns the
// URL workers connect to and the hub's result.
func startHub(t *testing.T, ctx context.Context, e *env, c hubConfig) (string, chan error) {
	t.Helper()
	urls, errs := make(chan string, 1), make(chan error, 1)
	go func() { errs <- hubRuns(ctx, e, c, func(u string) { urls <- u }) }()
	select {
	case u := <-urls:
		return u, errs
	case err := <-errs:
		t.Fatalf("hub: %v", err)
	}
	return "", nil
}

func hubFor(p *crawlPortal, db string, delay time.Duration) hubConfig {
	c := hubConfig{listen: "127.0.0.1:0", lease: 2 * time.Second}
	c.sources, c.db, c.data, c.batch = p.sources, db, defaultArchiveDir(db), 5
	c.crawl = crawl.Config{Delay: delay, Backoff: 5 * time.Millisecond}
	c.jsonSummary = filepath.Join(filepath.Dir(db), "summary.json")
	return c
}

// TestHubAndTwoWorkersMatchOneProcess crawls the sample portal twice: in
// one process, and with a hub and two workers over a real NATS port. The
// warehouses hold the same documents, reports and values, no host got two
// requests closer than the delay although two workers (four sites each at
// most, so that both get some) crawled at once,
// and the run's stats are in crawl_runs and the JSON summary.
func TestHubAndTwoWorkersMatchOneProcess(t *testing.T) {
	p, log := startLoggedPortal(t)
	e, _, errb := whEnv()
	ctx := context.Background()
	one := filepath.Join(t.TempDir(), "one.duckdb")
	if _, err := crawlPass(ctx, e, fastPass(t, p, one, 5), fileStore(one)); err != nil {
		t.Fatal(err)
	}
	log.reset()
	const delay = 200 * time.Millisecond
	dist := filepath.Join(t.TempDir(), "dist.duckdb")
	c := hubFor(p, dist, delay)
	url, hubDone := startHub(t, ctx, e, c)
	starts := &startLog{}
	starts.reset()
	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			workOn(wctx, e, workerConfig{hub: url, name: fmt.Sprintf("w%d", i), sites: 4, batch: 5},
				pipeline.WorkerConfig{Crawl: crawl.Config{Transport: starts}})
		}()
	}
	err := <-hubDone
	stop()
	wg.Wait()
	if err != nil {
		t.Fatalf("hub: %v\n%s", err, errb)
	}
	sameWarehouses(t, one, dist)
	log.polite(t, delay)
	// The gate spaces the real starts by the delay; the log is written just
	// after, and on a loaded machine a goroutine can be held up there for
	// tens of milliseconds. Two crawlers on one host would give gaps near
	// zero: half the delay tells them apart.
	if gap, where, n := starts.closest(); gap < delay/2 {
		t.Errorf("two requests to %s left %s apart, delay %s (%d requests)", where, gap, delay, n)
	}
	done := map[string]int{}
	for _, line := range strings.Split(errb.String(), "\n") {
		for _, w := range []string{"w0", "w1"} {
			if strings.Contains(line, `msg="site done"`) && strings.Contains(line, "worker="+w+" ") {
				done[w]++
			}
		}
	}
	if done["w0"] == 0 || done["w1"] == 0 {
		t.Errorf("sites done per worker: %v; want both workers to have crawled", done)
	}
	runs := query(t, dist, "SELECT count(*) || ' ' || sum(reports_new) || ' ' || max(finish_reason) || ' ' || (min(requests) > 0) FROM crawl_runs WHERE source_id IS NOT NULL")
	docs := query(t, dist, "SELECT count(*) FROM documents WHERE sha256 IS NOT NULL")
	if want := fmt.Sprintf("%d %s finished true", len(p.Sites()), docs[0]); runs[0] != want {
		t.Errorf("crawl_runs per source: %v, want %s (sources, reports new, finish reason, requests counted)", runs, want)
	}
	b, err := os.ReadFile(c.jsonSummary)
	if err != nil || !strings.Contains(string(b), `"finish_reason": "finished"`) || !strings.Contains(string(b), `"200":`) {
		t.Errorf("JSON summary: %v\n%s", err, b)
	}
}

// killAfter kills a worker (cancels its context, so that it stops without
// acknowledging its sites or announcing the batch in hand) when it stores
// its n-th batch.
type killAfter struct {
	n       int64
	batches atomic.Int64
	kill    context.CancelFunc
}

func (k *killAfter) event(ev pipeline.Event) {
	if ev.What == "batch" && k.batches.Add(1) == k.n {
		k.kill()
	}
}

// TestKilledWorkerSiteFinishedByAnother: a worker is killed in the middle
// of its sites; after its lease runs out a second worker takes them over,
// resumes from their checkpoints, and the warehouse ends as one process
// would have made it, no batch loaded twice.
func TestKilledWorkerSiteFinishedByAnother(t *testing.T) {
	p, _ := startLoggedPortal(t)
	e, _, errb := whEnv()
	ctx := context.Background()
	one := filepath.Join(t.TempDir(), "one.duckdb")
	if _, err := crawlPass(ctx, e, fastPass(t, p, one, 5), fileStore(one)); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(t.TempDir(), "dist.duckdb")
	url, hubDone := startHub(t, ctx, e, hubFor(p, dist, 20*time.Millisecond))
	actx, kill := context.WithCancel(ctx)
	k := &killAfter{n: 3, kill: kill}
	workOn(actx, e, workerConfig{hub: url, name: "doomed", sites: 256, batch: 2}, pipeline.WorkerConfig{OnEvent: k.event})
	if actx.Err() == nil {
		t.Fatal("the first worker was not killed")
	}
	bctx, stop := context.WithCancel(ctx)
	defer stop()
	go workOn(bctx, e, workerConfig{hub: url, name: "heir", sites: 256, batch: 2}, pipeline.WorkerConfig{})
	select {
	case err := <-hubDone:
		if err != nil {
			t.Fatalf("hub: %v\n%s", err, errb)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("the run did not finish after the kill:\n%s", errb)
	}
	sameWarehouses(t, one, dist)
	logs := errb.String()
	if !strings.Contains(logs, `msg="site resumed"`) || !strings.Contains(logs, "worker=heir") {
		t.Errorf("no site was resumed from a checkpoint by the second worker:\n%s", logs)
	}
}
