package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/sampleportal"
)

// slowExtractor is the real extractor plus a fixed wait per document that
// holds one of the per-core extraction slots: a LibreOffice conversion or
// a large PDF, the documents that made a crawl wait on extraction.
type slowExtractor struct {
	ex   *extract.Extractor
	cost time.Duration
}

func (s slowExtractor) Extract(in extract.Input) (*touming.Report, error) {
	time.Sleep(s.cost)
	return s.ex.Extract(in)
}

// memStore keeps what the hub loads in memory: the benchmark measures the
// pipeline, not DuckDB.
type memStore struct {
	mu    sync.Mutex
	ids   map[string]bool
	items int
}

func (m *memStore) Prior(context.Context, []touming.Source) ([]touming.Document, error) {
	return nil, nil
}
func (m *memStore) RecordRun(context.Context, []touming.RunStats) error { return nil }
func (m *memStore) WriteBatch(_ context.Context, id, _ string, items []BatchItem) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ids[id] {
		return false, nil
	}
	m.ids[id] = true
	m.items += len(items)
	return true, nil
}

// benchPortal serves 20 loopback hosts of 25 reports each, every response
// delayed 50 ms, and counts the requests per host.
func benchPortal(b *testing.B) ([]touming.Source, func() int) {
	p := sampleportal.New(sampleportal.Options{Sites: 20, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, Latency: 50 * time.Millisecond, PerPage: 10})
	var mu sync.Mutex
	per := map[string]int{}
	urls := map[string]string{}
	for _, s := range p.Sites() {
		id, h := s.ID, s.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			per[id]++
			mu.Unlock()
			h.ServeHTTP(w, r)
		}))
		b.Cleanup(srv.Close)
		urls[s.ID] = srv.URL
	}
	srcs, err := crawl.ParseSources("bench.yaml", []byte(p.SourcesYAML(urls)))
	if err != nil {
		b.Fatal(err)
	}
	most := func() int {
		mu.Lock()
		defer mu.Unlock()
		m := 0
		for _, n := range per {
			m = max(m, n)
		}
		return m
	}
	return srcs, most
}

// BenchmarkCrawlSlowExtraction crawls the 20 hosts of BenchmarkCrawlPoliteness
// (crawl/) with every document taking an extra 100 ms of an extraction slot:
// "pipeline" is touming crawl's path (in-process NATS, hub, worker, extraction
// on every core); "inline" extracts in the crawler's handler, one document at
// a time, as touming crawl did before. x-floor is the wall time over the
// politeness floor (the most requests one host got times the delay).
func BenchmarkCrawlSlowExtraction(b *testing.B) {
	delay := time.Second
	if d, err := time.ParseDuration(os.Getenv("TOUMING_BENCH_DELAY")); err == nil {
		delay = d
	}
	ex := extract.New(extract.Config{})
	defer ex.Close()
	slow := slowExtractor{ex: ex, cost: 100 * time.Millisecond}
	cfg := crawl.Config{Delay: delay}
	b.Run("pipeline", func(b *testing.B) {
		for b.Loop() {
			srcs, most := benchPortal(b)
			st := &memStore{ids: map[string]bool{}}
			start := time.Now()
			res, err := RunLocal(context.Background(), LocalConfig{StoreDir: b.TempDir(), Hub: HubConfig{Store: st,
				Archive: crawl.Archive{Dir: b.TempDir()}, FailFast: true}}, srcs, cfg, slow)
			wall := time.Since(start)
			if err != nil || st.items != 500 {
				b.Fatalf("%v: %d documents stored, want 500 (%v)", err, st.items, res.Summary.Failures)
			}
			b.ReportMetric(wall.Seconds()/(float64(most())*delay.Seconds()), "x-floor")
		}
	})
	b.Run("inline", func(b *testing.B) {
		for b.Loop() {
			srcs, most := benchPortal(b)
			n := 0
			start := time.Now()
			_, err := crawl.Run(context.Background(), cfg, srcs, nil, func(_ context.Context, f crawl.Fetched) (touming.Document, error) {
				_, xerr := slow.Extract(extract.Input{Name: f.Doc.FinalURL, Data: f.Body, ContentType: f.Doc.ContentType})
				n++
				f.Doc.Status = touming.StatusOf(xerr)
				return f.Doc, nil
			})
			wall := time.Since(start)
			if err != nil || n != 500 {
				b.Fatalf("%v: %d documents, want 500", err, n)
			}
			b.ReportMetric(wall.Seconds()/(float64(most())*delay.Seconds()), "x-floor")
		}
	})
}

// BenchmarkReextractCores re-extracts 400 real report pages through the
// pipeline (as touming reextract does) and reports the process's CPU time
// over wall time: with a worker per core it should approach the cores.
func BenchmarkReextractCores(b *testing.B) {
	ex := extract.New(extract.Config{})
	defer ex.Close()
	var bodies [][]byte
	for _, n := range []string{"pingtan-2024.html", "huaian-city-2024.txt"} {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, data)
	}
	for b.Loop() {
		cpu0, start := cpuTime(), time.Now()
		written := 0
		p := Start(context.Background(), Config{Batch: 200, Write: func(_ context.Context, rs []Result) error {
			written += len(rs)
			return nil
		}}, ex)
		for i := range 400 {
			j := Job{Document: touming.Document{ID: int64(i + 1), URL: "file:///r.html"}, Body: bodies[i%2]}
			if err := p.Submit(context.Background(), j); err != nil {
				b.Fatal(err)
			}
		}
		if err := p.Close(context.Background()); err != nil || written != 400 {
			b.Fatalf("%v, %d written", err, written)
		}
		wall := time.Since(start)
		b.ReportMetric((cpuTime()-cpu0).Seconds()/wall.Seconds(), "cpu/wall")
		b.ReportMetric(float64(runtime.NumCPU()), "cores")
		b.ReportMetric(400/wall.Seconds(), "docs/s")
	}
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
