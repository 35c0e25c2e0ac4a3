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
// The timeout counts from the moment a request's turn comes, not the time
// spent queueing behind the host's other requests, which on a large column
// can be many times the timeout; and it bounds a stall, not a download.
type politeTransport struct {
	base     http.RoundTripper
	delay    time.Duration
	parallel int
	timeout  time.Duration

	mu    sync.Mutex
	hosts map[string]*hostGate
}

// hostGate is one host's turn-taking state.
type hostGate struct {
	slots chan struct{}
	mu    sync.Mutex
	next  time.Time     // earliest start of the next request
	delay time.Duration // the configured delay, or the host's Crawl-delay if longer
}

func newPoliteTransport(base http.RoundTripper, delay time.Duration, parallel int, timeout time.Duration) *politeTransport {
	return &politeTransport{base: base, delay: delay, parallel: parallel, timeout: timeout, hosts: map[string]*hostGate{}}
}

func (t *politeTransport) gate(host string) *hostGate {
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.hosts[host]
	if !ok {
		g = &hostGate{slots: make(chan struct{}, t.parallel), delay: t.delay}
		t.hosts[host] = g
	}
	return g
}

// wait takes a slot and waits for the host's next start time.
func (g *hostGate) wait(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
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
	return nil
}

// RoundTrip waits for the host's turn, then sends the request. The slot is
// held until the body is closed, so a slow download counts as in flight.
func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g := t.gate(req.URL.Host)
	if err := g.wait(req.Context()); err != nil {
		return nil, err
	}
	// The timeout bounds the wait for the response, then each wait for
	// more of the body: a large attachment on a slow portal may take
	// minutes in all, and is cut off only when it stalls.
	ctx, cancel := context.WithCancel(req.Context())
	stalled := &atomic.Bool{}
	stall := time.AfterFunc(t.timeout, func() { stalled.Store(true); cancel() })
	res, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		stall.Stop()
		cancel()
		<-g.slots
		if stalled.Load() {
			return nil, fmt.Errorf("no response in %s: %w", t.timeout, err)
		}
		return nil, err
	}
	stall.Reset(t.timeout)
	if ct := res.Header.Get("Content-Type"); ct != "" {
		res.Header.Set(headerContentType, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			res.Header.Set("Content-Type", mt)
		}
	}
	if req.URL.Path == "/robots.txt" {
		g.obeyCrawlDelay(res, req.Header.Get("User-Agent"))
	}
	res.Body = &releasingBody{ReadCloser: res.Body, stall: stall, stalled: stalled, timeout: t.timeout,
		release: func() { stall.Stop(); cancel(); <-g.slots }}
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
		g.mu.Unlock()
	}
}

// releasingBody restarts the stall timer as data arrives and gives the
// host's slot back when the body is closed.
type releasingBody struct {
	io.ReadCloser
	stall   *time.Timer
	stalled *atomic.Bool
	timeout time.Duration
	once    sync.Once
	release func()
}

func (b *releasingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.stall.Reset(b.timeout)
	}
	if err != nil && err != io.EOF && b.stalled.Load() {
		err = fmt.Errorf("no data for %s: %w", b.timeout, err)
	}
	return n, err
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
