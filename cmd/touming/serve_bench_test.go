package main

import (
	"flag"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"
)

var benchWarehouse = flag.String("bench.warehouse", "", "BenchmarkServeScale: a generated warehouse "+
	"(go test ./warehouse -bench Generate -bench.db FILE -bench.reports N)")

// BenchmarkServeScale times every page, whole requests over loopback HTTP,
// on a national-scale warehouse generated through the real write path
// (warehouse BenchmarkGenerate). docs/benchmarks.md records it at 10 k and
// 100 k reports.
func BenchmarkServeScale(b *testing.B) {
	if *benchWarehouse == "" {
		b.Skip("-bench.warehouse names a generated warehouse")
	}
	base := startServe(b, serveConfig{DB: *benchWarehouse})
	_, compare := httpGet(b, base+"/compare")
	first := func(page, re string) string {
		_, body := httpGet(b, base+page)
		m := regexp.MustCompile(re).FindStringSubmatch(body)
		if m == nil {
			b.Fatalf("%s links to no %s", page, re)
		}
		return m[1]
	}
	county := first("/coverage", `href="(/county/\d+)"`)
	report := first(county, `href="(/report/\d+)"`)
	agency := first(county, `href="(/agency/\d+)"`)
	region := regexp.MustCompile(`href="/compare\?region=(\d+)`).FindStringSubmatch(compare)
	pages := []struct{ name, path string }{
		{"overview", "/"}, {"compare", "/compare"}, {"county", county}, {"agency", agency}, {"report", report},
		{"quality", "/quality"}, {"coverage", "/coverage"},
		{"sql", "/sql?q=" + url.QueryEscape("SELECT * FROM report_values")},
		{"sql-1report", "/sql?q=" + url.QueryEscape("SELECT * FROM report_values WHERE report_id = "+report[len("/report/"):])},
	}
	if region != nil {
		pages = append(pages, struct{ name, path string }{"compare-region", "/compare?region=" + region[1]})
	}
	for _, p := range pages {
		b.Run("page="+p.name, func(b *testing.B) {
			// Each request's time, for the median (ns/op is the mean) and
			// the first one's: the overview's first visit counts what
			// later visits find cached.
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if code, body := httpGet(b, base+p.path); code != 200 {
					b.Fatalf("%s: %d %.300s", p.path, code, body)
				}
				times = append(times, time.Since(start))
			}
			b.ReportMetric(float64(times[0].Microseconds())/1000, "first-ms")
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
		})
	}
}
