package crawl

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// headerVisit carries a request's visit id from enqueue to the redirect
// check, which gets only the standard library's requests; the transport
// removes it before the request is sent.
const headerVisit = "X-Touming-Visit"

// maxRedirects is the longest redirect chain followed, as browsers and
// Go's client do.
const maxRedirects = 10

// errRedirectSeen: a redirect led to a URL the source already fetched or
// queued this pass; the document is not fetched twice.
var errRedirectSeen = errors.New("redirect to a URL already fetched")

// refusedError is a redirect the source's rules keep the crawler from:
// counted as a skip for the reason, like a link the rules pass over, or a
// failure when a start URL redirects there.
type refusedError struct {
	skip   string // one of the skip reasons
	detail string
}

func (e *refusedError) Error() string { return e.detail }

// register gives v an id for its requests' headerVisit.
func (p *pass) register(v *visit) string {
	id := p.nextVisit.Add(1)
	p.visits.Store(id, v)
	return strconv.FormatInt(id, 10)
}

// visitOfRequest finds the visit a request was made for.
func (p *pass) visitOfRequest(req *http.Request) *visit {
	id, err := strconv.ParseInt(req.Header.Get(headerVisit), 10, 64)
	if err != nil {
		return nil
	}
	v, _ := p.visits.Load(id)
	vis, _ := v.(*visit)
	return vis
}

// claimURL records that v requests u for its source; false means another
// visit of the same source already did. Two sources asking for one URL
// both fetch it: each records it as its own.
func (p *pass) claimURL(v *visit, u string) bool {
	key := v.src.ID + " " + u
	p.mu.Lock()
	defer p.mu.Unlock()
	if owner, ok := p.requested[key]; ok {
		return owner == v
	}
	p.requested[key] = v
	return true
}

// redirect decides whether a redirect is followed. It refuses, without a
// retry, what could never succeed: a scheme other than http(s) (file://,
// ftp://), a loop, a chain over maxRedirects. A redirect to another host,
// in no source or in another source, is followed as a link of the
// requesting source would be: only if the source's allow/deny patterns
// permit the target and the target host's robots.txt allows it.
func (p *pass) redirect(req *http.Request, via []*http.Request) error {
	target := req.URL
	if target.Scheme != "http" && target.Scheme != "https" {
		return permanent(fmt.Errorf("redirect to %s refused: not an http(s) URL", target.Redacted()))
	}
	if len(via) >= maxRedirects {
		return permanent(fmt.Errorf("stopped after %d redirects: %s", len(via), chain(via, target)))
	}
	norm := normalize(target).String()
	seen := 0
	for _, r := range via {
		if normalize(r.URL).String() == norm {
			seen++
		}
	}
	if seen >= 2 { // once is a cookie being set; twice is a loop
		return permanent(fmt.Errorf("redirect loop: %s", chain(via, target)))
	}
	v := p.visitOfRequest(via[0])
	if v == nil {
		return nil
	}
	if !v.src.permits(norm) {
		return &refusedError{skip: skipDenied, detail: fmt.Sprintf("redirect to %s refused: %s", norm, skipDenied)}
	}
	if ok, down, why := p.robots.allows(p.ctx, target); !ok {
		skip := skipRobots
		if down {
			skip = skipRobotsDown
		}
		return &refusedError{skip: skip, detail: fmt.Sprintf("redirect to %s refused: %s", norm, why)}
	}
	if !p.claimURL(v, norm) {
		return errRedirectSeen
	}
	return nil
}

// chain shows a redirect chain, a → b → c.
func chain(via []*http.Request, last *url.URL) string {
	parts := make([]string, 0, len(via)+1)
	for _, r := range via {
		parts = append(parts, r.URL.Redacted())
	}
	return strings.Join(append(parts, last.Redacted()), " → ")
}
