package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/sampleportal"
)

// faultyPortal is a column whose reports fail in the ways real portals do.
type faultyPortal struct {
	mu   sync.Mutex
	hits map[string]int
	srv  *httptest.Server
	body map[string]string // report contents, changeable between passes
}

var faultPages = []string{"ok", "gone", "busy", "cut", "big", "slow", "trickle", "stall"}

func startFaulty(t *testing.T) *faultyPortal {
	f := &faultyPortal{hits: map[string]int{}, body: map[string]string{}}
	for _, p := range faultPages {
		f.body[p] = fmt.Sprintf("<html><body><h1>%s</h1>%s</body></html>", p, strings.Repeat("表", 40))
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *faultyPortal) hit(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[p]++
	return f.hits[p]
}

func (f *faultyPortal) serve(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".htm")
	n := f.hit(name)
	switch {
	case name == "robots.txt":
		http.NotFound(w, r) // RFC 9309: allows everything
	case name == "list":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for _, p := range faultPages {
			fmt.Fprintf(w, `<a href="/%s.htm">县政府2023年政府信息公开工作年度报告（%s）</a>`, p, p)
		}
	case name == "gone":
		http.NotFound(w, r)
	case name == "busy" && n == 1:
		w.Header().Set("Retry-After", "0")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	case name == "cut":
		w.Header().Set("Content-Length", "100000")
		w.Write([]byte("<html>the connection drops"))
	case name == "trickle": // 6 × 100 ms: longer than the timeout, never stalling
		for i := range 6 {
			fmt.Fprintf(w, "<p>第%d段 %s</p>", i, strings.Repeat("字", 30))
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Millisecond)
		}
	case name == "stall":
		w.Write([]byte("<html>"))
		w.(http.Flusher).Flush()
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	case name == "slow" && n == 1:
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	default:
		f.mu.Lock()
		b := f.body[name]
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if name == "big" {
			b += strings.Repeat("x", 5000)
		}
		w.Write([]byte(b))
	}
}

func (f *faultyPortal) source() []touming.Source {
	return []touming.Source{{ID: "faulty", Name: "Faulty", Start: []string{f.srv.URL + "/list.htm"}}}
}

func faultConfig() Config {
	c := fastConfig()
	// 800 ms: well above the trickle's 100 ms gaps even on a loaded machine
	// (CI runs on two cores), well below the 2 s stalls.
	c.Timeout = 800 * time.Millisecond
	c.MaxBody = 3000
	return c
}

func TestRetriesAndFailures(t *testing.T) {
	f := startFaulty(t)
	rec := &recorder{}
	sum, err := Run(context.Background(), faultConfig(), f.source(), nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, x := range sum.Failures {
		reasons[x.URL[strings.LastIndex(x.URL, "/")+1:]] = x.Reason
	}
	for page, want := range map[string]struct {
		hits   int
		reason string
	}{
		"ok":      {1, ""},
		"gone":    {1, "HTTP 404"},           // never retried
		"busy":    {2, ""},                   // 429 once, then served
		"slow":    {2, ""},                   // timed out once, then served
		"cut":     {3, "(after 3 attempts)"}, // dropped mid-body every time
		"big":     {1, "limit"},              // over the body limit
		"trickle": {1, ""},                   // slow but steady
		"stall":   {3, "no data for 800ms"},
	} {
		if got := f.hits[page]; got != want.hits {
			t.Errorf("%s: %d requests, want %d", page, got, want.hits)
		}
		if !strings.Contains(reasons[page+".htm"], want.reason) || (want.reason == "") != (reasons[page+".htm"] == "") {
			t.Errorf("%s: failure %q, want %q", page, reasons[page+".htm"], want.reason)
		}
	}
	// the failures are handed over too, to be recorded with their reason
	failed := 0
	for _, x := range rec.got {
		if x.Doc.Status == touming.StatusFailed {
			failed++
			if x.Body != nil || x.Doc.Error == "" {
				t.Errorf("failed %s: body %d bytes, error %q", x.Doc.URL, len(x.Body), x.Doc.Error)
			}
			if strings.HasSuffix(x.Doc.URL, "/gone.htm") && x.Doc.HTTPStatus != 404 {
				t.Errorf("gone.htm recorded with HTTP %d", x.Doc.HTTPStatus)
			}
		}
	}
	if len(rec.got) != 8 || failed != 4 || sum.Total().Failed != 4 {
		t.Errorf("%d handed over, %d of them failed, %d counted failed; want 8, 4, 4", len(rec.got), failed, sum.Total().Failed)
	}
}

func TestChangedContentIsANewVersion(t *testing.T) {
	f := startFaulty(t)
	first := &recorder{}
	if _, err := Run(context.Background(), faultConfig(), f.source(), nil, first.handle); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.body["ok"] = strings.Replace(f.body["ok"], "<h1>ok</h1>", "<h1>ok, corrected</h1>", 1)
	f.mu.Unlock()
	second := &recorder{}
	if _, err := Run(context.Background(), faultConfig(), f.source(), first.prior(), second.handle); err != nil {
		t.Fatal(err)
	}
	// no validators here: the unchanged pages are told apart by hash; the
	// failures were not stored (no hash), so they are tried and handed again
	var changed []Fetched
	for _, x := range second.got {
		if x.Doc.Status != touming.StatusFailed {
			changed = append(changed, x)
		}
	}
	second.got = changed
	if len(second.got) != 1 || second.got[0].Change != touming.ChangeChanged || !strings.HasSuffix(second.got[0].Doc.URL, "/ok.htm") {
		t.Fatalf("second pass handed over %d: %+v", len(second.got), second.got)
	}
}

func TestHandlerErrorAbortsAndCancelStops(t *testing.T) {
	f := startFaulty(t)
	boom := errors.New("disk full")
	calls := 0
	_, err := Run(context.Background(), faultConfig(), f.source(), nil, func(context.Context, Fetched) (touming.Document, error) {
		calls++
		return touming.Document{}, boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("err %v after %d calls; want the handler's error after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	_, err = Run(ctx, faultConfig(), f.source(), nil, func(_ context.Context, x Fetched) (touming.Document, error) {
		calls++
		cancel()
		return x.Doc, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("err %v after %d calls; want context.Canceled after 1", err, calls)
	}
}

// TestSlowPortalDoesNotHoldUpTheOthers: a portal whose robots.txt hangs
// does not keep the next source from being crawled meanwhile.
func TestSlowPortalDoesNotHoldUpTheOthers(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	released := make(chan bool, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok := true
		select {
		case <-release:
		case <-time.After(5 * time.Second):
			ok = false
		}
		select {
		case released <- ok: // the first request, robots.txt, tells
		default:
		}
		http.NotFound(w, r)
	}))
	defer slow.Close()
	fast := startPortal(t, sampleportal.Options{}).sources[1]
	srcs := []touming.Source{{ID: "slow", Name: "Slow", Start: []string{slow.URL + "/"}}, fast}
	cfg := fastConfig()
	cfg.Timeout = 10 * time.Second
	_, err := Run(context.Background(), cfg, srcs, nil, func(_ context.Context, x Fetched) (touming.Document, error) {
		once.Do(func() { close(release) }) // the fast portal got through
		return x.Doc, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !<-released {
		t.Error("the fast portal waited for the slow one's robots.txt")
	}
}
