package crawl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/temoto/robotstxt"
)

// headerContentType keeps the Content-Type a server sent. The transport
// strips the charset parameter from Content-Type before Colly sees it,
// because Colly re-encodes a body whose header names a charset, and the
// archive must keep the bytes as served.
const headerContentType = "X-Touming-Content-Type"

// politeTransport is an http.RoundTripper that keeps to the per-host
// politeness rules: at most parallel requests in flight to one host, and
// request starts at least delay apart. Colly's LimitRule matches hosts by
// glob, so one rule for all hosts would serialise every host together; a
// rule per host would have to be added as hosts are discovered. Hosts
// proceed independently here.
//
// The timeouts count from the moment a request's turn comes, not the time
// spent queueing behind the host's other requests, which on a large column
// can be many times the timeout. The stall timeout bounds each wait for
// the response and then for more of its body; the document time bounds the
// whole download, so that a server dripping a byte every few seconds
// cannot hold a fetch for as long as it likes. It also decodes every body
// (decodeBody) and bounds its decoded size.
type politeTransport struct {
	base  http.RoundTripper
	lim   limits
	admit func(context.Context) error // Config.Admit
	guard *addrGuard                  // set by Run, read by NewTransport's dialer

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// limits are the per-request bounds of a politeTransport.
type limits struct {
	delay    time.Duration // least time between two request starts on a host
	parallel int           // requests in flight to one host
	stall    time.Duration // longest wait for the response or for more of it
	docTime  time.Duration // longest time for one response, headers to last byte
	maxBody  int64         // most decoded bytes of one body
}

// hostGate is one host's turn-taking state.
type hostGate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time     // earliest start of the next request
	delay time.Duration // the configured delay, or the host's Crawl-delay if longer
	asked time.Duration // the Crawl-delay robots.txt asked for, for discovery
}

func newPoliteTransport(base http.RoundTripper, lim limits) *politeTransport {
	return &politeTransport{base: base, lim: lim, hosts: map[string]*hostGate{}}
}

func (t *politeTransport) gate(host string) *hostGate {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.hosts[host]
	if !ok {
		g = &hostGate{slots: make(chan struct{}, t.lim.parallel), delay: t.lim.delay}
		t.hosts[host] = g
	}
	return g
}

// wait takes a slot, waits for admit (when set: the pipeline's queue has
// room) and then for the host's next start time.
func (g *hostGate) wait(ctx context.Context, admit func(context.Context) error) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if admit != nil {
		if err := admit(ctx); err != nil {
			<-g.slots
			return err
		}
	}
	g.mu.Lock()
	now := time.Now()
	start := g.next
	if start.Before(now) {
		start = now
	}
	g.next = start.Add(g.delay)
	g.mu.Unlock()
	if d := time.Until(start); d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			<-g.slots
			return ctx.Err()
		}
	}
	// The next start counts from when this one really goes out: a
	// goroutine woken late (the cores busy extracting) must not let the
	// next request follow it closer than the delay.
	g.mu.Lock()
	g.next = later(g.next, time.Now().Add(g.delay))
	g.mu.Unlock()
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// clock is the two timers of one request: which one fired says why the
// request was cancelled.
type clock struct {
	stall, total     *time.Timer
	stalled, overdue atomic.Bool
	lim              limits
}

func startClock(lim limits, cancel context.CancelFunc) *clock {
	c := &clock{lim: lim}
	c.stall = time.AfterFunc(lim.stall, func() { c.stalled.Store(true); cancel() })
	c.total = time.AfterFunc(lim.docTime, func() { c.overdue.Store(true); cancel() })
	return c
}

func (c *clock) stop() { c.stall.Stop(); c.total.Stop() }

// explain names the timer behind err, if one fired; what stalled is
// "response" or "data". Going over the document time is permanent: a
// retry would only spend it again.
func (c *clock) explain(err error, what string) error {
	switch {
	case err == nil || err == io.EOF:
		return err
	case c.overdue.Load():
		return permanent(fmt.Errorf("took longer than the %s limit per document: %w", c.lim.docTime, err))
	case c.stalled.Load():
		return fmt.Errorf("no %s for %s: %w", what, c.lim.stall, err)
	}
	return err
}

// RoundTrip waits for the host's turn, then sends the request. The slot is
// held until the body is closed, so a slow download counts as in flight.
func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g := t.gate(req.URL.Host)
	if err := g.wait(req.Context(), t.admit); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.WithValue(req.Context(), guardKey{}, t.guard))
	clk := startClock(t.lim, cancel)
	release := func() { clk.stop(); cancel(); <-g.slots }
	req = req.WithContext(ctx)
	req.Header = req.Header.Clone() // via[0] of a redirect keeps headerVisit
	req.Header.Del(headerVisit)
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	res, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		if clk.stalled.Load() && !clk.overdue.Load() {
			return nil, fmt.Errorf("no response in %s: %w", t.lim.stall, err)
		}
		return nil, clk.explain(err, "response")
	}
	clk.stall.Reset(t.lim.stall)
	if ct := res.Header.Get("Content-Type"); ct != "" {
		res.Header.Set(headerContentType, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			res.Header.Set("Content-Type", mt)
		}
	}
	res.Body = &releasingBody{ReadCloser: res.Body, clk: clk, release: release}
	if err := decodeBody(res, t.lim.maxBody); err != nil {
		res.Body.Close()
		return nil, fmt.Errorf("%s: %w", req.URL, err)
	}
	if req.URL.Path == "/robots.txt" {
		g.obeyCrawlDelay(res, req.Header.Get("User-Agent"))
	}
	return res, nil
}

// maxCrawlDelay bounds a robots.txt Crawl-delay: a portal asking for more
// is still crawled, at this pace.
const maxCrawlDelay = time.Minute

// obeyCrawlDelay reads robots.txt as it passes (Colly reads it for the
// rules, but not for Crawl-delay, which RFC 9309 leaves out and many
// portals still set) and slows the host down to the delay it asks for.
func (g *hostGate) obeyCrawlDelay(res *http.Response, agent string) {
	body, err := io.ReadAll(io.LimitReader(res.Body, 500<<10))
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return
	}
	robots, err := robotstxt.FromStatusAndBytes(res.StatusCode, body)
	if err != nil || res.StatusCode != http.StatusOK {
		return
	}
	if grp := robots.FindGroup(agent); grp != nil && grp.CrawlDelay > 0 {
		g.mu.Lock()
		g.delay = max(g.delay, min(grp.CrawlDelay, maxCrawlDelay))
		g.asked = grp.CrawlDelay
		g.mu.Unlock()
	}
}

// releasingBody restarts the stall timer as data arrives and gives the
// host's slot back when the body is closed.
type releasingBody struct {
	io.ReadCloser
	clk     *clock
	once    sync.Once
	release func()
}

func (b *releasingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.clk.stall.Reset(b.clk.lim.stall)
	}
	return n, b.clk.explain(err, "data")
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
