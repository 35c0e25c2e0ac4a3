package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/sampleportal"
	"github.com/touming/touming/warehouse"
)

var (
	benchCrawlHosts = flag.Int("bench.crawlhosts", 120, "loopback hosts of 25 reports each BenchmarkCrawlWarehouse crawls")
	benchCrawlDB    = flag.String("bench.crawldb", "", "a warehouse BenchmarkCrawlWarehouse copies and crawls into (filled: the 1 M one); empty: an empty one only")
)

// BenchmarkCrawlWarehouse is touming crawl's pass as a user runs it
// (crawlPass with the file store: the real extractor, the hub writing the
// batches into the warehouse file, opened per write) over -bench.crawlhosts
// loopback hosts of the sample portal, 25 reports each, every response
// delayed 50 ms, at the default 1 s per host. "empty" crawls into a new
// warehouse, "filled" into a copy of -bench.crawldb (copied before the
// clock starts). x-floor is the wall time over the politeness floor (the
// most requests one host got times the delay), fetched the last request's
// time over it; queue-docs and queue-MB are the high-water mark of the
// worker's queue, peak-MB the process's peak RSS (servers included).
func BenchmarkCrawlWarehouse(b *testing.B) {
	cases := []string{"empty"}
	if *benchCrawlDB != "" {
		cases = append(cases, "filled")
	}
	for _, name := range cases {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "w.duckdb")
				if name == "filled" {
					copyFile(b, *benchCrawlDB, db)
					migrate(b, db) // once, as a user's warehouse already is
				}
				opt, sv := benchCrawlPortal(b, *benchCrawlHosts, db)
				var run *pipeline.RunResult
				opt.onRun = func(r *pipeline.RunResult) { run = r }
				e, _, _ := whEnv()
				e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
				resetPeak(b)
				b.StartTimer()
				start := time.Now()
				sum, err := crawlPass(context.Background(), e, opt, fileStore(db))
				wall := time.Since(start)
				if err != nil || sum.Total().New != 25**benchCrawlHosts {
					b.Fatalf("%v: %d new reports, want %d (%d failures)", err, sum.Total().New, 25**benchCrawlHosts, len(sum.Failures))
				}
				floor := float64(sv.Most()) * opt.crawl.Delay.Seconds()
				b.ReportMetric(wall.Seconds()/floor, "x-floor")
				b.ReportMetric(sv.Last().Sub(start).Seconds()/floor, "fetched")
				b.ReportMetric(float64(sv.Most()), "req/host")
				b.ReportMetric(float64(run.Queue.Items), "queue-docs")
				b.ReportMetric(float64(run.Queue.Bytes)/(1<<20), "queue-MB")
				b.ReportMetric(float64(run.Written.Batches), "batches")
				b.ReportMetric(float64(peakRSS(b)), "peak-MB")
			}
		})
	}
}

// benchCrawlPortal serves hosts loopback hosts of the plain sample portal
// and returns a pass over them into db at the default politeness.
func benchCrawlPortal(b *testing.B, hosts int, db string) (passOptions, *sampleportal.Counts) {
	srcs, sv, stop, err := sampleportal.ServeHosts(hosts, 50*time.Millisecond, crawl.ParseSources)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(stop)
	return passOptions{sources: srcs, data: defaultArchiveDir(db), batch: 20,
		crawl: crawl.Config{Delay: time.Second}}, sv
}

// copyFile copies a warehouse file and, when it has one, its write-ahead
// log beside it: DuckDB keeps the last transactions there until a
// checkpoint, and a copy without it loses them.
func copyFile(b *testing.B, from, to string) {
	copyOne(b, from, to)
	if _, err := os.Stat(from + ".wal"); err == nil {
		copyOne(b, from+".wal", to+".wal")
	} else if !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
}

func copyOne(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

func migrate(b *testing.B, path string) {
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
}
