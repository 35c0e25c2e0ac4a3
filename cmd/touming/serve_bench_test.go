package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

var benchWarehouse = flag.String("bench.warehouse", "", "BenchmarkServeScale: a COPY of a generated warehouse "+
	"(go test ./warehouse -bench Generate -bench.db FILE -bench.reports N); serve migrates it")

var benchBudget = flag.Duration("bench.budget", time.Minute, "BenchmarkServeScale: stop repeating a page "+
	"once its requests took this long in all (the runs column says how many ran)")

// benchPage is one page the benchmark requests.
type benchPage struct{ name, path string }

// benchResult is what the benchmark measured of one page.
type benchResult struct {
	page                benchPage
	first, median, p90  time.Duration
	bytes, peakMB, runs int64
	failed              string
}

// BenchmarkServeScale times every page a user reaches, whole requests over
// loopback HTTP (the client asks for gzip, as a browser does, and reads
// each body to the end), on a national-scale warehouse generated through
// the real write path (warehouse BenchmarkGenerate). serve runs in this
// process, so that its peak resident memory, DuckDB's included, is the
// process's: the peak is reset before each page (/proc/self/clear_refs)
// and read after it (VmHWM), and the client keeps no body. Each page
// reports its median, p90 and first request (the overview's first visit
// counts what later visits find cached) and the peak RSS while it ran; a
// page that fails is reported and the others still run; a slow one stops
// repeating after -bench.budget. The last lines
// printed are a table of every page. docs/benchmarks.md records it at 100 k
// and 1 M reports. Run it with -benchtime 7x on a copy of the warehouse:
//
//	go test -c -o /tmp/cmd.test ./cmd/touming
//	/tmp/cmd.test -test.run '^$' -test.bench ServeScale -test.benchtime 7x -bench.warehouse COPY.duckdb
func BenchmarkServeScale(b *testing.B) {
	if *benchWarehouse == "" {
		b.Skip("-bench.warehouse names a copy of a generated warehouse")
	}
	resetPeak(b)
	base := startServe(b, serveConfig{DB: *benchWarehouse})
	b.Logf("serve started: peak RSS %d MB", peakRSS(b))
	var results []benchResult
	for _, p := range benchPages(b, base) {
		b.Run("page="+p.name, func(b *testing.B) {
			r := timePage(b, base, p)
			results = append(results, r)
			if r.failed != "" {
				b.Errorf("%s: %s", p.path, r.failed)
				return
			}
			b.ReportMetric(ms(r.median), "median-ms")
			b.ReportMetric(ms(r.p90), "p90-ms")
			b.ReportMetric(ms(r.first), "first-ms")
			b.ReportMetric(float64(r.peakMB), "peak-MB")
			b.ReportMetric(float64(r.bytes)/1e3, "kB")
		})
	}
	// Printed, not logged: a benchmark's log shows only with -test.v or
	// when it fails.
	fmt.Print(benchTable(results))
}

// timePage requests p b.N times and measures it.
func timePage(b *testing.B, base string, p benchPage) benchResult {
	r := benchResult{page: p}
	resetPeak(b)
	var times []time.Duration
	var spent time.Duration
	stop := false
	for b.Loop() {
		// Loop must run to its end: past a failure or the budget the
		// remaining iterations request nothing.
		if stop {
			continue
		}
		start := time.Now()
		n, err := fetchDiscard(base + p.path)
		times = append(times, time.Since(start))
		r.bytes, spent = n, spent+times[len(times)-1]
		if err != nil {
			r.failed = err.Error()
		}
		stop = err != nil || spent > *benchBudget
	}
	r.peakMB, r.runs = peakRSS(b), int64(len(times))
	r.first = times[0]
	slices.Sort(times)
	r.median = times[len(times)/2]
	r.p90 = times[min(len(times)-1, len(times)*9/10)]
	return r
}

// fetchDiscard GETs u and reads its body to the end without keeping it: the
// bytes read, or an error naming the status and the start of the page.
func fetchDiscard(u string) (int64, error) {
	res, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		page, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		return 0, fmt.Errorf("status %d: %.300s", res.StatusCode, errorText(string(page)))
	}
	return io.Copy(io.Discard, res.Body)
}

// errorText is what an error page says: the text of its class="error"
// elements, or the start of the page.
func errorText(page string) string {
	var parts []string
	for _, m := range regexp.MustCompile(`(?s)class="error"[^>]*>(.*?)</(?:p|pre|div)>`).FindAllStringSubmatch(page, -1) {
		parts = append(parts, oneLine(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], " ")))
	}
	if len(parts) == 0 {
		return oneLine(page)
	}
	return strings.Join(parts, " / ")
}

// benchPages are the pages timed, found the way a user finds them: the
// county, agency and report the coverage and county pages link first, the
// largest province and a department type the compare page offers.
func benchPages(b *testing.B, base string) []benchPage {
	_, compare := httpGet(b, base+"/compare")
	county := firstMatch(b, "/coverage", base, `href="(/county/\d+)"`)
	report := firstMatch(b, county, base, `href="(/report/\d+)"`)
	reportID := strings.TrimPrefix(report, "/report/")
	agency := firstMatch(b, county, base, `href="(/agency/\d+)"`)
	document := firstMatch(b, "/data/reports?id="+reportID, base, `href="(/document/\d+)"`)
	province := largestProvince(b, compare)
	deptType := firstSubmatch(b, "/compare", compare, `type=([^&"]+)&amp;unit=dept`)
	years := regexp.MustCompile(`name="year" value="(\d+)"`).FindAllStringSubmatch(compare, -1)
	if len(years) == 0 {
		b.Fatal("/compare offers no years")
	}
	lastYear := years[len(years)-1][1]
	inProvince := "/compare?region=" + province
	pages := []benchPage{
		{"overview", "/"}, {"compare", "/compare"},
		{"compare-province", inProvince}, {"compare-province-1year", inProvince + "&years=" + lastYear},
		{"compare-dept", inProvince + "&unit=dept&type=" + deptType}, {"compare-county-sum", inProvince + "&unit=county"},
		{"county", county}, {"agency", agency}, {"report", report},
		{"quality", "/quality"}, {"audit", "/audit"}, {"coverage", "/coverage"},
	}
	for _, t := range []string{"cells", "cell_values", "report_values", "findings", "documents", "reports"} {
		pages = append(pages, benchPage{"data-" + t, "/data/" + t})
	}
	pages = append(pages,
		benchPage{"data-reports-filter", "/data/reports?year=" + lastYear},
		benchPage{"data-cell_values-filter", "/data/cell_values?report_id=" + reportID},
		benchPage{"data-findings-facet", "/data/findings?_facet=subject"},
		// The cells view's labels filtered, faceted and sorted on: the label
		// filtered is a row label every 2021 report of the generator prints.
		benchPage{"data-cells-filter", "/data/cells?report_id=" + reportID},
		benchPage{"data-cells-label", "/data/cells?row_label=" + url.QueryEscape(touming.MustFields().For(touming.Template2021)[0].Row)},
		benchPage{"data-cells-facet", "/data/cells?_facet=col_label"},
		benchPage{"data-cells-sort", "/data/cells?_sort=row_label"},
		benchPage{"row-document", document}, benchPage{"schema", "/schema"}, benchPage{"download", "/download"})
	for _, name := range cannedNames(b, base) {
		pages = append(pages, benchPage{"sql-canned-" + name, "/sql/q/" + name})
	}
	// cells_of_field's default key is one of the eight fields kept in
	// derived_main_figures; any other key reads cell_values.
	pages = append(pages, benchPage{"sql-canned-cells_of_field-other", "/sql/q/cells_of_field?key=" + otherFieldKey})
	return append(pages,
		benchPage{"sql-1report", "/sql?q=" + url.QueryEscape("SELECT * FROM report_values WHERE report_id = "+reportID)},
		benchPage{"sql-report_values", "/sql?q=" + url.QueryEscape("SELECT * FROM report_values")})
}

// otherFieldKey is a field outside the eight main ones, one every report
// of either template has (a row of natural persons' applications).
const otherFieldKey = "apply.granted.natural_person"

// cannedNames are the canned queries the SQL page links.
func cannedNames(b *testing.B, base string) []string {
	_, page := httpGet(b, base+"/sql")
	var out []string
	for _, m := range regexp.MustCompile(`href="/sql/q/([a-z0-9_]+)"`).FindAllStringSubmatch(page, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		b.Fatal("/sql links to no canned query")
	}
	return out
}

// largestProvince is the province with the most counties in the compare
// page's region list.
func largestProvince(b *testing.B, compare string) string {
	best, most := "", -1
	for _, m := range regexp.MustCompile(`<option value="(\d{2}0000)" [^>]*>[^（<]*（(\d+)个`).FindAllStringSubmatch(compare, -1) {
		if n, _ := strconv.Atoi(m[2]); n > most {
			best, most = m[1], n
		}
	}
	if best == "" {
		b.Fatal("/compare offers no province")
	}
	return best
}

func firstMatch(b *testing.B, page, base, re string) string {
	_, body := httpGet(b, base+page)
	return firstSubmatch(b, page, body, re)
}

func firstSubmatch(b *testing.B, page, body, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(body)
	if m == nil {
		b.Fatalf("%s links to no %s", page, re)
	}
	return m[1]
}

// resetPeak resets the process's peak RSS to its current RSS (Linux 4.0+).
func resetPeak(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak RSS not reset (%v): peaks are the process's since it started", err)
	}
}

// peakRSS reads the process's peak resident set size (VmHWM) in MB.
func peakRSS(b *testing.B) int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// benchTable is the results as a Markdown table, for docs/benchmarks.md.
func benchTable(results []benchResult) string {
	var sb strings.Builder
	var peak int64
	sb.WriteString("\n| page | median | p90 | first | runs | kB | peak RSS |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		peak = max(peak, r.peakMB)
		if r.failed != "" {
			fmt.Fprintf(&sb, "| %s | **fails** after %.0f ms: %.200s | | | %d | | %d MB |\n", r.page.name, ms(r.first), oneLine(r.failed), r.runs, r.peakMB)
			continue
		}
		fmt.Fprintf(&sb, "| %s | %.1f ms | %.1f ms | %.1f ms | %d | %d | %d MB |\n", r.page.name,
			ms(r.median), ms(r.p90), ms(r.first), r.runs, r.bytes/1000, r.peakMB)
	}
	fmt.Fprintf(&sb, "\nserve's peak RSS over all pages: %d MB\n", peak)
	return sb.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
