package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsRules holds each host's robots.txt for one pass. The crawler reads
// robots.txt itself rather than through Colly, which treats a 5xx or an
// unreadable robots.txt as allowing everything and never checks the host
// a redirect leads to. The rules of RFC 9309 §2.3.1:
//   - 2xx: its rules (the first 500 KiB, as the RFC lets a crawler cut);
//   - 4xx ("unavailable"): no rules, everything allowed;
//   - 5xx or unreachable ("unreachable"): everything disallowed, for this
//     pass; a 429 counts as unreachable too, as it asks the crawler to wait.
//
// A host's file is fetched once a pass, after retries with backoff.
type robotsRules struct {
	client  *http.Client
	agent   string
	retries int
	backoff time.Duration
	// wait bounds one attempt, slot wait included: a robots.txt that
	// redirects to a host whose slot is held cannot block for long.
	wait time.Duration

	mu    sync.Mutex
	hosts map[string]*hostRobots
}

// hostRobots is one host's verdict, filled in once.
type hostRobots struct {
	ready chan struct{}
	data  *robotstxt.RobotsData
	// down says why the host is disallowed altogether ("" when the file
	// was read or is unavailable).
	down string
}

// robotsFileLimit is how much of a robots.txt is read (RFC 9309 §2.5).
const robotsFileLimit = 500 << 10

// errRobotsRedirects: RFC 9309 §2.3.1.2 lets a crawler take a robots.txt
// behind more than five redirects as unavailable (no rules).
var errRobotsRedirects = errors.New("more than five redirects")

func newRobotsRules(rt http.RoundTripper, cfg Config) *robotsRules {
	client := &http.Client{Transport: rt, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > 5 {
			return errRobotsRedirects
		}
		return nil
	}}
	return &robotsRules{client: client, agent: cfg.UserAgent, retries: cfg.Retries, backoff: cfg.Backoff,
		wait: 2 * cfg.Timeout, hosts: map[string]*hostRobots{}}
}

// allows reports whether u may be fetched; when not, why names the rule.
// down is true when the host's robots.txt could not be read at all.
func (r *robotsRules) allows(ctx context.Context, u *url.URL) (ok, down bool, why string) {
	h := r.host(ctx, u)
	if h.down != "" {
		return false, true, h.down
	}
	if h.data == nil {
		return true, false, ""
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !h.data.TestAgent(path, r.agent) {
		return false, false, fmt.Sprintf("disallowed by %s://%s/robots.txt", u.Scheme, u.Host)
	}
	return true, false, ""
}

// host returns u's host verdict, fetching robots.txt on first use; other
// callers for the same host wait for that one fetch.
func (r *robotsRules) host(ctx context.Context, u *url.URL) *hostRobots {
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	h, ok := r.hosts[key]
	if !ok {
		h = &hostRobots{ready: make(chan struct{})}
		r.hosts[key] = h
	}
	r.mu.Unlock()
	if ok {
		select {
		case <-h.ready:
		case <-ctx.Done():
			return &hostRobots{down: "pass cancelled"}
		}
		return h
	}
	defer close(h.ready)
	h.data, h.down = r.fetch(ctx, key+"/robots.txt")
	return h
}

// fetch reads one robots.txt, retrying what a retry may mend.
func (r *robotsRules) fetch(ctx context.Context, u string) (*robotstxt.RobotsData, string) {
	var why string
	for attempt := 0; attempt <= r.retries; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(r.backoff << (attempt - 1))
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return nil, "pass cancelled"
			}
		}
		var data *robotstxt.RobotsData
		var retry bool
		data, why, retry = r.get(ctx, u)
		if !retry {
			return data, why
		}
	}
	return nil, fmt.Sprintf("%s %s: every URL of the host disallowed this pass (RFC 9309 §2.3.1.3)", u, why)
}

// get makes one attempt; retry says the host is unreachable this time.
func (r *robotsRules) get(ctx context.Context, u string) (data *robotstxt.RobotsData, why string, retry bool) {
	ctx, cancel := context.WithTimeout(ctx, r.wait)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", false // cannot happen for an http(s) host
	}
	req.Header.Set("User-Agent", r.agent)
	res, err := r.client.Do(req)
	var refused *addrRefusedError
	if errors.Is(err, errRobotsRedirects) || errors.As(err, &refused) {
		// An address the guard refuses: no rules, as the fetch of the URL
		// itself is refused with the reason.
		return nil, "", false
	}
	if err != nil {
		return nil, fmt.Sprintf("unreachable (%v)", err), true
	}
	defer res.Body.Close()
	switch code := res.StatusCode; {
	case code == http.StatusTooManyRequests || code >= 500:
		return nil, fmt.Sprintf("answered HTTP %d", code), true
	case code >= 400:
		return nil, "", false // unavailable: no rules
	case code < 200 || code >= 300:
		return nil, fmt.Sprintf("answered HTTP %d", code), true
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, robotsFileLimit))
	if err != nil {
		return nil, fmt.Sprintf("unreadable (%v)", err), true
	}
	data, err = robotstxt.FromBytes(body)
	if err != nil {
		return nil, "", false // no rules that can be read
	}
	return data, "", false
}
