package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
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
// (each has its canvas), and nothing is requested from anywhere but the
// server on 127.0.0.1. A screenshot is kept under artifacts/.
func TestBrowserComparePage(t *testing.T) {
	ctx := browser(t)
	base := startServe(t, serveConfig{DB: serveSampleWarehouse(t)})
	var reqs requestLog
	if err := chromedp.Listen(ctx, reqs.listen); err != nil {
		t.Fatal(err)
	}
	page := base + "/compare?region=410700&years=2021,2022,2023,2024"
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	wait, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	// Every chart container holds a canvas once echarts has drawn it.
	const drawn = `(() => { const c = document.querySelectorAll('section.chart .item');
		return c.length > 0 && [...c].every(e => e.querySelector('canvas')) ? c.length : 0; })()`
	n, err := chromedp.Run(wait, chromedp.Poll[int](drawn, chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		t.Fatalf("charts did not draw: %v", err)
	}
	if n < 10 {
		t.Errorf("%d charts drew, want the compare page's 12", n)
	}
	canvases, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('section.chart canvas').length`))
	if err != nil || canvases < n {
		t.Errorf("%d canvases for %d charts (%v)", canvases, n, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := artifactPath(t, "compare.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	assertOnlyLoopback(t, reqs.all())
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
