package main

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's chromium (or another Chrome). Without one the
// browser test skips, except in CI, where .ci/run installs it and the test
// must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH in CI: .ci/run should have installed Debian's chromium")
	}
	t.Skip("no chromium on PATH: install it (Debian: apt-get install chromium fonts-noto-cjk) to run the browser test")
	return ""
}

// artifactPath is where the test keeps its screenshot: artifacts/ at the
// module root (git-ignored), or $TOUMING_ARTIFACTS.
func artifactPath(t *testing.T, name string) string {
	dir := os.Getenv("TOUMING_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join(dir, name))
	return abs
}

// browser starts headless Chromium with a fresh profile and the flags that
// keep it from calling home, and returns a tab's context.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// requestLog records every URL the page requests.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

// The compare page in a real browser on a real warehouse: the charts draw
// (each has its canvas), every bar chart carries every selected year, the
// map draws its counties coloured, and nothing is requested from anywhere
// but the server on 127.0.0.1. Then the county page. Screenshots are kept
// under artifacts/.
func TestBrowserComparePage(t *testing.T) {
	ctx := browser(t)
	base := startServe(t, serveConfig{DB: serveSampleWarehouse(t)})
	var reqs requestLog
	if err := chromedp.Listen(ctx, reqs.listen); err != nil {
		t.Fatal(err)
	}
	years := []string{"2021", "2022", "2023", "2024"}
	page := base + "/compare?region=410700&years=" + strings.Join(years, ",")
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	n := waitCharts(t, ctx)
	if n < 14 {
		t.Errorf("%d charts drew, want the compare page's 18", n)
	}
	checkYearsInBars(t, ctx, years)
	checkMapColoured(t, ctx, len(years))
	screenshot(t, ctx, "compare.png")
	assertOnlyLoopback(t, reqs.all())
	clickBarOpensReport(t, ctx)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/county/410721")); err != nil {
		t.Fatal(err)
	}
	if n := waitCharts(t, ctx); n < 3 {
		t.Errorf("county page: %d trend charts drew", n)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#bodies a[href^="/report/"]').length`))
	if err != nil || links < 4*6 {
		t.Errorf("county page links %d reports (%v), want 4 bodies over 6 years", links, err)
	}
	screenshot(t, ctx, "county.png")
}

// clickBarOpensReport clicks the middle of a bar of the new-applications
// chart and expects the browser on the report behind it.
func clickBarOpensReport(t *testing.T, ctx context.Context) {
	t.Helper()
	const find = `(() => { const el = document.getElementById('apply_new'); el.scrollIntoView({block: 'center'});
		const c = echarts.getInstanceByDom(el), o = c.getOption(), box = el.getBoundingClientRect();
		for (let si = 0; si < o.series.length; si++) for (let di = 0; di < o.series[si].data.length; di++) {
			const d = o.series[si].data[di], l = c.getModel().getSeriesByIndex(si).getData().getItemLayout(di);
			if (d.p && d.p.r && l && Math.abs(l.height) > 20) return JSON.stringify({x: box.left + l.x + l.width / 2, y: box.top + l.y + l.height / 2, r: d.p.r});
		}
		return ''; })()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](find))
	if err != nil || out == "" {
		t.Fatalf("no bar with a report to click (%v)", err)
	}
	var bar struct {
		X, Y float64
		R    int64
	}
	if err := json.Unmarshal([]byte(out), &bar); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(bar.X, bar.Y)); err != nil {
		t.Fatal(err)
	}
	// Poll from Go: the navigation ends the page a Poll would run in.
	want := "/report/" + strconv.FormatInt(bar.R, 10)
	var at string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if at, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); at == want {
			return
		}
	}
	t.Errorf("clicking the bar of report %d left the browser on %s", bar.R, at)
}

// waitCharts waits until every chart container holds a canvas, and
// returns how many there are.
func waitCharts(t *testing.T, ctx context.Context) int {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	const drawn = `(() => { const c = document.querySelectorAll('section.chart .item');
		return c.length > 0 && [...c].every(e => e.querySelector('canvas')) ? c.length : 0; })()`
	n, err := chromedp.Run(wait, chromedp.Poll[int](drawn, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("charts did not draw: %v", err)
	}
	return n
}

// checkYearsInBars reads each bar chart's series from echarts itself:
// every selected year has a series (a stack, for the stacked charts).
func checkYearsInBars(t *testing.T, ctx context.Context, years []string) {
	t.Helper()
	const read = `JSON.stringify([...document.querySelectorAll('section.chart .item')].map(e => {
		const o = echarts.getInstanceByDom(e).getOption();
		return {id: e.id, series: o.series.filter(s => s.type === 'bar').map(s => s.stack || s.name)};
	}).filter(c => c.series.length > 0))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](read))
	if err != nil {
		t.Fatal(err)
	}
	var charts []struct {
		ID     string
		Series []string
	}
	if err := json.Unmarshal([]byte(out), &charts); err != nil {
		t.Fatal(err)
	}
	bars := 0
	for _, c := range charts {
		if strings.HasPrefix(c.ID, "yoy") {
			continue // its series are year pairs
		}
		bars++
		joined := strings.Join(c.Series, " ")
		for _, y := range years {
			if !strings.Contains(joined, y) {
				t.Errorf("bar chart %s has no series of %s: %v", c.ID, y, c.Series)
			}
		}
	}
	if bars < 10 {
		t.Errorf("%d bar charts with series, want the compare page's 14", bars)
	}
}

// checkMapColoured waits for the map of every year and counts, on its
// canvas, the pixels of the colour scale (blues) apart from the grey of
// counties without data.
func checkMapColoured(t *testing.T, ctx context.Context, years int) {
	t.Helper()
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	const drawn = `(() => { const m = document.getElementById('map');
		return m && m.getAttribute('data-drawn') && [...m.querySelectorAll('.map')].every(e => e.querySelector('canvas')) ? m.querySelectorAll('.map').length : 0; })()`
	n, err := chromedp.Run(wait, chromedp.Poll[int](drawn, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil || n != years {
		t.Fatalf("maps drew %d of %d (%v)", n, years, err)
	}
	const count = `JSON.stringify([...document.querySelectorAll('#map .map canvas')].map(c => {
		const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let blue = 0;
		for (let i = 0; i < d.length; i += 4) if (d[i+3] > 200 && d[i+2] > d[i] + 40) blue++;
		return blue; }))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](count))
	if err != nil {
		t.Fatal(err)
	}
	var blues []int
	if err := json.Unmarshal([]byte(out), &blues); err != nil {
		t.Fatal(err)
	}
	for i, b := range blues {
		if b < 2000 {
			t.Errorf("map %d has %d coloured pixels: its counties are not coloured", i, b)
		}
	}
}

// screenshot keeps a full-page screenshot under artifacts/.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := artifactPath(t, name)
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// assertOnlyLoopback fails for any request to a host other than 127.0.0.1,
// and checks that the echarts bundle came from the server itself.
func assertOnlyLoopback(t *testing.T, urls []string) {
	t.Helper()
	sawBundle := false
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			t.Errorf("unparsable request URL %q", raw)
			continue
		}
		if u.Scheme == "data" || u.Scheme == "blob" {
			continue
		}
		if u.Hostname() != "127.0.0.1" {
			t.Errorf("the page requested %s: a request left 127.0.0.1", raw)
		}
		if strings.HasSuffix(u.Path, "/assets/echarts.min.js") {
			sawBundle = true
		}
	}
	if !sawBundle {
		t.Errorf("no request for /assets/echarts.min.js among %d requests: %q", len(urls), urls)
	}
}

// A browse page with a facet applied, and the SQL page drawing a chart of
// its result, in a real browser: the facet's value is the filter in force,
// the chart has its canvas and its save-as-image tool, and nothing leaves
// 127.0.0.1. Screenshots are kept under artifacts/.
func TestBrowserBrowseAndSQLChart(t *testing.T) {
	ctx := browser(t)
	base := startServe(t, serveConfig{DB: serveSampleWarehouse(t)})
	var reqs requestLog
	if err := chromedp.Listen(ctx, reqs.listen); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	browse := base + "/data/report_metrics?year=2023&_facet=region_name&_sort_desc=applications"
	if err := chromedp.Do(wait, chromedp.Navigate(browse), chromedp.WaitVisible(`#rows table`)); err != nil {
		t.Fatalf("browse page: %v", err)
	}
	filters, err := chromedp.Run(wait, chromedp.Text(`.filters`))
	if err != nil {
		t.Fatal(err)
	}
	facetOn, err := chromedp.Run(wait, chromedp.Text(`.facet[data-column="year"] li b`))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(wait, chromedp.Evaluate[int](`document.querySelectorAll('#rows tr').length - 1`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(filters, "year = 2023") || facetOn != "2023" || rows < 5 {
		t.Errorf("browse page: filters %q, year facet on %q, %d rows", filters, facetOn, rows)
	}
	screenshot(t, wait, "browse.png")
	q := "SELECT year, region_name, sum(applications) AS applications FROM report_metrics GROUP BY ALL ORDER BY ALL"
	page := base + "/sql?sql=" + url.QueryEscape(q) + "&_x=year&_y=applications&_series=region_name&_kind=bar"
	if err := chromedp.Do(wait, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	const drawn = `(() => { const e = document.getElementById('result_chart'); if (!e || !e.querySelector('canvas')) return 0;
		const c = echarts.getInstanceByDom(e); return c && c.getOption().toolbox[0].feature.saveAsImage.show ? c.getOption().series.length : 0; })()`
	n, err := chromedp.Run(wait, chromedp.Poll[int](drawn, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil || n < 5 {
		t.Fatalf("the result chart did not draw with its save-as-image tool (%d series): %v", n, err)
	}
	screenshot(t, wait, "sql-chart.png")
	// Every chart of the compare page (bars and maps, drawn by touming.js)
	// has the save-as-image tool too.
	if err := chromedp.Do(wait, chromedp.Navigate(base+"/compare?region=410700&years=2022,2023")); err != nil {
		t.Fatal(err)
	}
	const tools = `(() => { const els = [...document.querySelectorAll('[_echarts_instance_]')];
		if (els.length < 10 || !document.querySelector('#map .map canvas')) return "";
		return els.map(e => { const o = echarts.getInstanceByDom(e).getOption();
			return o.toolbox && o.toolbox[0].feature.saveAsImage.show ? "y" : "n"; }).join(""); })()`
	marks, err := chromedp.Run(wait, chromedp.Poll[string](tools, chromedp.WithPollingInterval(200*time.Millisecond)))
	if err != nil || strings.Contains(marks, "n") {
		t.Errorf("compare page charts without save-as-image: %q (%v)", marks, err)
	}
	assertOnlyLoopback(t, reqs.all())
}
