package crawl

import (
	"context"
	"flag"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/sampleportal"
)

// benchHosts is how many loopback hosts BenchmarkCrawlPoliteness serves:
// 20 as first measured, 120 for issue 17.
var benchHosts = flag.Int("bench.hosts", 20, "loopback hosts of 25 reports each BenchmarkCrawlPoliteness serves")

// BenchmarkCrawlPoliteness crawls -bench.hosts (20) loopback hosts of 25 reports each,
// every response delayed 50 ms, at the default one request per host per
// second. The politeness floor is the most requests any host got times
// the delay: no polite crawler can finish sooner. x-floor is the wall
// time over that floor; peak-MB the process's peak resident memory
// (servers included).
func BenchmarkCrawlPoliteness(b *testing.B) {
	opt := sampleportal.Options{Sites: *benchHosts, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, Latency: 50 * time.Millisecond, PerPage: 10}
	cfg := Config{Delay: time.Second}
	if d, err := time.ParseDuration(os.Getenv("TOUMING_BENCH_DELAY")); err == nil {
		cfg.Delay = d // a shorter delay for a quick look; the reported figures use 1 s
	}
	for b.Loop() {
		p := startPortal(b, opt)
		var handed sync.Map
		start := time.Now()
		sum, err := Run(context.Background(), cfg, p.sources, nil, func(_ context.Context, f Fetched) (touming.Document, error) {
			handed.Store(f.Doc.URL, len(f.Body))
			return f.Doc, nil
		})
		wall := time.Since(start)
		if err != nil || len(sum.Failures) > 0 {
			b.Fatalf("%v %+v", err, sum.Failures)
		}
		if n := count(&handed); n != *benchHosts*25 {
			b.Fatalf("%d reports handed over, want %d", n, *benchHosts*25)
		}
		most := p.mostRequests()
		b.ReportMetric(float64(most), "req/host")
		b.ReportMetric(wall.Seconds()/(float64(most)*cfg.Delay.Seconds()), "x-floor")
	}
	b.ReportMetric(peakMB(), "peak-MB")
}

func count(m *sync.Map) int {
	n := 0
	m.Range(func(any, any) bool { n++; return true })
	return n
}

// mostRequests is the largest number of requests one site received.
func (p *portal) mostRequests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxTotal
}

// peakMB reads the process's peak resident set size (VmHWM) on Linux.
func peakMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
}
