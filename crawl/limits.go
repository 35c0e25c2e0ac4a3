package crawl

import (
	"fmt"
	"net/url"

	"github.com/touming/touming"
)

// Reasons a URL is not fetched because a limit of the pass was reached.
const (
	skipTrap      = "crawler trap: too many query-string variants of one page (--max-query-variants)"
	skipPageLimit = "the source's page limit for the pass was reached (--max-pages)"
)

// overLimit reports whether v, about to request u, is over a limit of the
// pass, and records the first time each limit is reached among the
// failures, naming the trap or the source:
//   - MaxPages bounds the URLs one source requests in a pass, whatever
//     they are, so that no portal can keep a pass going forever;
//   - MaxQueryVariants bounds the query strings under which one path is
//     fetched as a page: a list page that links to itself under ever new
//     query strings (a calendar, a session id, a sort order) is a trap.
//     Reports and attachments are not counted (detail.jsp?id=… and
//     downfile.jsp?filename=… are one path for many documents).
func (p *pass) overLimit(v *visit, u *url.URL) bool {
	p.mu.Lock()
	var trap, full bool
	if v.kind == kindPage && u.RawQuery != "" {
		key := v.src.ID + " " + u.Scheme + "://" + u.Host + u.EscapedPath()
		p.variants[key]++
		trap = p.variants[key] > p.cfg.MaxQueryVariants
		if p.variants[key] == p.cfg.MaxQueryVariants+1 {
			p.failures = append(p.failures, touming.CrawlFailure{SourceID: v.src.ID, URL: u.Scheme + "://" + u.Host + u.EscapedPath(),
				Reason: fmt.Sprintf("crawler trap: more than %d query-string variants of this page (--max-query-variants); the rest not followed", p.cfg.MaxQueryVariants)})
		}
	}
	if !trap {
		p.fetches[v.src.ID]++
		full = p.fetches[v.src.ID] > p.cfg.MaxPages
		if p.fetches[v.src.ID] == p.cfg.MaxPages+1 {
			p.failures = append(p.failures, touming.CrawlFailure{SourceID: v.src.ID, URL: v.url,
				Reason: fmt.Sprintf("page limit: %d URLs requested for this source this pass (--max-pages); this and the rest not fetched", p.cfg.MaxPages)})
		}
	}
	p.mu.Unlock()
	switch {
	case trap:
		p.skip(v, skipTrap)
	case full:
		p.skip(v, skipPageLimit)
	}
	return trap || full
}
