package pipeline

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
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

// The crawl benchmarks' shape: -bench.hosts loopback hosts (20 as in
// crawl's BenchmarkCrawlPoliteness, 120 for issue 17), each document
// holding an extraction slot -bench.cost longer than the real extractor
// takes.
var (
	benchHosts = flag.Int("bench.hosts", 20, "loopback hosts of 25 reports each the crawl benchmarks serve")
	benchCost  = flag.Duration("bench.cost", 100*time.Millisecond, "extra extraction time per document")
)

// benchPortal serves hosts loopback hosts of 25 reports each, every
// response delayed 50 ms, and counts the requests per host.
func benchPortal(b *testing.B, hosts int) ([]touming.Source, *sampleportal.Counts) {
	srcs, sv, stop, err := sampleportal.ServeHosts(hosts, 50*time.Millisecond, crawl.ParseSources)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(stop)
	return srcs, sv
}

// BenchmarkCrawlSlowExtraction crawls -bench.hosts hosts (the 20 of
// crawl's BenchmarkCrawlPoliteness, or 120) with every document holding an
// extraction slot -bench.cost (100 ms) longer than the real extractor takes:
// "pipeline" is touming crawl's path (in-process NATS, hub, worker,
// extraction on every core) into a store in memory; "inline" extracts in
// the crawler's handler, one document at a time, as touming crawl did
// before. x-floor is the wall time over the politeness floor (the most
// requests one host got times the delay), fetched the time of the last
// request over the floor; queue-docs and queue-MB are the high-water mark
// of the worker's queue (fetched, not yet written), peak-MB the process's
// peak RSS, servers included. With -test.v the timeline is logged: when the
// last request was served, the last document extracted, the last batch
// written.
func BenchmarkCrawlSlowExtraction(b *testing.B) {
	delay := time.Second
	if d, err := time.ParseDuration(os.Getenv("TOUMING_BENCH_DELAY")); err == nil {
		delay = d
	}
	ex := extract.New(extract.Config{})
	defer ex.Close()
	slow := slowExtractor{ex: ex, cost: *benchCost}
	cfg := crawl.Config{Delay: delay}
	want := 25 * *benchHosts
	b.Run("pipeline", func(b *testing.B) {
		for b.Loop() {
			srcs, sv := benchPortal(b, *benchHosts)
			st := &memStore{ids: map[string]bool{}}
			var tl timeline
			start := time.Now()
			res, err := RunLocal(context.Background(), LocalConfig{StoreDir: b.TempDir(),
				Hub:    HubConfig{Store: st, Archive: crawl.Archive{Dir: b.TempDir()}, FailFast: true, OnEvent: tl.event},
				Worker: WorkerConfig{OnResult: tl.result}}, srcs, cfg, slow)
			wall := time.Since(start)
			if err != nil || st.items != want {
				b.Fatalf("%v: %d documents stored, want %d (%d failures)", err, st.items, want, len(res.Summary.Failures))
			}
			floor := float64(sv.Most()) * delay.Seconds()
			tl.log(b, start, sv.Last(), floor)
			b.ReportMetric(wall.Seconds()/floor, "x-floor")
			b.ReportMetric(sv.Last().Sub(start).Seconds()/floor, "fetched")
			b.ReportMetric(float64(sv.Most()), "req/host")
			b.ReportMetric(float64(res.Queue.Items), "queue-docs")
			b.ReportMetric(float64(res.Queue.Bytes)/(1<<20), "queue-MB")
			b.ReportMetric(peakMB(), "peak-MB")
		}
	})
	b.Run("inline", func(b *testing.B) {
		for b.Loop() {
			srcs, sv := benchPortal(b, *benchHosts)
			n := 0
			start := time.Now()
			_, err := crawl.Run(context.Background(), cfg, srcs, nil, func(_ context.Context, f crawl.Fetched) (touming.Document, error) {
				_, xerr := slow.Extract(extract.Input{Name: f.Doc.FinalURL, Data: f.Body, ContentType: f.Doc.ContentType})
				n++
				f.Doc.Status = touming.StatusOf(xerr)
				return f.Doc, nil
			})
			wall := time.Since(start)
			if err != nil || n != want {
				b.Fatalf("%v: %d documents, want %d", err, n, want)
			}
			b.ReportMetric(wall.Seconds()/(float64(sv.Most())*delay.Seconds()), "x-floor")
		}
	})
}

// timeline keeps when the last document was extracted and the last batch
// written, to tell which stage a crawl waited for.
type timeline struct {
	mu                 sync.Mutex
	extracted, written time.Time
}

func (t *timeline) result(Result) {
	t.mu.Lock()
	t.extracted = time.Now()
	t.mu.Unlock()
}

func (t *timeline) event(e Event) {
	if e.What == "batch loaded" {
		t.mu.Lock()
		t.written = time.Now()
		t.mu.Unlock()
	}
}

func (t *timeline) log(b *testing.B, start, lastRequest time.Time, floor float64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at := func(x time.Time) string {
		return fmt.Sprintf("%.1f s (%.2f× the floor)", x.Sub(start).Seconds(), x.Sub(start).Seconds()/floor)
	}
	b.Logf("floor %.0f s; last request %s, last extraction %s, last batch written %s",
		floor, at(lastRequest), at(t.extracted), at(t.written))
}

// peakMB reads the process's peak resident set size (VmHWM) on Linux.
func peakMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
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
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
		b.ReportMetric(400/wall.Seconds(), "docs/s")
	}
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
