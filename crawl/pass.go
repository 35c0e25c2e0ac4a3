package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/touming/touming"
)

// kind is what a request is expected to fetch.
type kind int

const (
	kindPage       kind = iota // a start, navigation or list page: mined for links
	kindReport                 // a report page: handed over, mined for attachments
	kindAttachment             // a PDF or Word file: handed over
)

// visit is one request's place in the crawl; it rides in the Colly
// context so that retries keep it.
type visit struct {
	src     *source
	kind    kind
	url     string // as requested, normalised
	depth   int    // navigation steps from a start page
	list    bool   // reached as a page of a column
	start   bool   // a start URL of the source
	title   string
	parent  string
	attempt int
	// for discovery: a column known from an earlier pass, a
	// page a column link led to, one of a column's (or section's) further
	// pages, a page of the 信息公开 section a portal link led to
	known, column, pager, section bool
}

func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("not an http(s) URL")
	}
	return normalize(u), nil
}

// enqueue asks Colly for u, conditionally when an earlier pass stored it.
func (p *pass) enqueue(v *visit, u *url.URL) {
	if p.ctx.Err() != nil {
		return
	}
	v.url = u.String()
	if !p.claimURL(v, v.url) {
		return // this source has it already
	}
	if v.kind != kindPage && !v.src.permits(v.url) {
		p.skip(v, skipDenied)
		return
	}
	if p.overLimit(v, u) {
		return
	}
	if ok, down, why := p.robots.allows(p.ctx, u); !ok {
		p.refuseRobots(v, u, down, why)
		return
	}
	hdr := http.Header{}
	if d, ok := p.stored(v.src, v.url); ok && v.kind != kindPage {
		if d.ETag != "" {
			hdr.Set("If-None-Match", d.ETag)
		}
		if d.LastMod != "" {
			hdr.Set("If-Modified-Since", d.LastMod)
		}
	}
	hdr.Set(headerVisit, p.register(v))
	ctx := colly.NewContext()
	ctx.Put("visit", v)
	if err := p.c.Request(http.MethodGet, v.url, nil, ctx, hdr); err != nil {
		p.fail(v, v.url, fmt.Sprintf("request: %v", err))
	}
}

// refuseRobots records a URL robots.txt keeps the crawler from: a start URL
// is a failure of its source, another link a skip; a host whose robots.txt
// could not be read is listed once among the failures, with the reason.
func (p *pass) refuseRobots(v *visit, u *url.URL, down bool, why string) {
	switch {
	case v.start:
		p.fail(v, v.url, "start URL "+why)
	case down:
		p.skip(v, skipRobotsDown)
		if p.firstSkip(" robots " + u.Scheme + "://" + u.Host) {
			p.note(v, u.Scheme+"://"+u.Host+"/robots.txt", why)
		}
	default:
		p.skip(v, skipRobots)
	}
}

func visitOf(r *colly.Response) *visit {
	v, _ := r.Ctx.GetAny("visit").(*visit)
	return v
}

func (p *pass) onResponse(r *colly.Response) {
	v := visitOf(r)
	if v == nil || p.ctx.Err() != nil {
		return
	}
	switch code := r.StatusCode; {
	case code == http.StatusNotModified:
		before, _ := p.stored(v.src, v.url)
		p.unchanged(v, before)
	case code >= 200 && code < 300:
		p.ok(v, r)
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		p.retry(v, r, fmt.Sprintf("HTTP %d", code))
	default:
		p.failStatus(v, r.Request.URL.String(), code, fmt.Sprintf("HTTP %d %s", code, http.StatusText(code)))
	}
}

// onError gets what never became a response: network errors, timeouts, a
// redirect to a page already fetched, a truncated body.
func (p *pass) onError(r *colly.Response, err error) {
	v := visitOf(r)
	if v == nil || p.ctx.Err() != nil {
		return
	}
	if errors.Is(err, errRedirectSeen) {
		p.skip(v, skipDuplicate)
		return
	}
	if p.refuseAddr(v, err) {
		return
	}
	var refused *refusedError
	if errors.As(err, &refused) && !v.start {
		p.skip(v, refused.skip)
		return
	}
	if isPermanent(err) || refused != nil {
		p.fail(v, v.url, err.Error())
		return
	}
	p.retry(v, r, err.Error())
}

// retry tries again after a backoff that doubles each time, or honours
// Retry-After when the server sent one; it gives up after cfg.Retries.
func (p *pass) retry(v *visit, r *colly.Response, reason string) {
	if v.attempt >= p.cfg.Retries {
		p.fail(v, v.url, fmt.Sprintf("%s (after %d attempts)", reason, v.attempt+1))
		return
	}
	wait := p.cfg.Backoff << v.attempt
	if r.Headers != nil {
		if s, err := strconv.Atoi(r.Headers.Get("Retry-After")); err == nil && s > 0 {
			wait = min(time.Duration(s)*time.Second, 5*time.Minute)
		}
	}
	v.attempt++
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-p.ctx.Done():
		return
	}
	if err := r.Request.Retry(); err != nil {
		p.fail(v, v.url, fmt.Sprintf("retry: %v", err))
	}
}

// ok handles a 2xx response.
func (p *pass) ok(v *visit, r *colly.Response) {
	if want, err := strconv.Atoi(r.Headers.Get("Content-Length")); err == nil && len(r.Body) < want {
		p.fail(v, v.url, fmt.Sprintf("truncated: received %d of %d bytes (limit %d)", len(r.Body), want, p.cfg.MaxBody))
		return
	}
	if len(r.Body) > p.cfg.MaxBody {
		p.fail(v, v.url, fmt.Sprintf("body larger than the %d byte limit", p.cfg.MaxBody))
		return
	}
	ct := r.Headers.Get(headerContentType)
	if v.kind == kindPage {
		p.count(v, func(s *touming.SourceStats) { s.Pages++ })
		p.mine(v, r.Request.URL, r.Body, ct)
		return
	}
	p.document(v, r, ct)
}

// document hands a report page or attachment over unless it is the same
// as before or the same as one handed over this pass.
func (p *pass) document(v *visit, r *colly.Response, ct string) {
	sum := sha256.Sum256(r.Body)
	final := normalize(r.Request.URL).String()
	doc := touming.Document{SourceID: v.src.ID, URL: v.url, FinalURL: final, FetchedAt: time.Now().UTC(),
		ContentType: ct, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(r.Body)), HTTPStatus: r.StatusCode,
		ETag: r.Headers.Get("ETag"), LastMod: r.Headers.Get("Last-Modified"), Title: v.title, Parent: v.parent}
	if !v.src.permits(final) { // a redirect into what the source denies
		p.skip(v, skipDenied)
		return
	}
	if !p.claim(doc) {
		p.skip(v, skipDuplicate)
		return
	}
	before, had := p.stored(v.src, v.url)
	if !had {
		before, had = p.stored(v.src, final)
	}
	if had && before.SHA256 == doc.SHA256 { // no validators, same bytes
		p.count(v, func(s *touming.SourceStats) { s.Unchanged++ })
		if v.kind == kindReport {
			p.followAttachments(v, r.Request.URL, r.Body, ct)
		}
		return
	}
	attachments := 0
	var pictures map[string][]byte
	if v.kind == kindReport {
		attachments = p.followAttachments(v, r.Request.URL, r.Body, ct)
		pictures = p.pictures(r.Request.URL, r.Body, ct)
	}
	change := touming.ChangeNew
	if had {
		change = touming.ChangeChanged
	}
	p.deliver(v, Fetched{Doc: doc, Body: r.Body, Change: change, Attachment: v.kind == kindAttachment, Pictures: pictures,
		LinksAttachments: attachments > 0}, attachments > 0)
}

// stored returns the document an earlier pass stored for u with content;
// a recorded failure has none and does not count. A document another
// source stored does not count either: this source has yet to record it.
func (p *pass) stored(src *source, u string) (touming.Document, bool) {
	d, ok := p.prior[PriorKey(src.ID, u)]
	if !ok {
		d, ok = p.prior[u]
	}
	return d, ok && d.SHA256 != "" && (d.SourceID == "" || d.SourceID == src.ID)
}

// PriorKey is the key of Run's prior map for a URL as one source stored
// it; a plain URL key serves any source.
func PriorKey(sourceID, url string) string { return sourceID + " " + url }

// claim records a document's final URL and hash for this pass; false
// means another link already brought the same document.
func (p *pass) claim(d touming.Document) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	hash, final := PriorKey(d.SourceID, d.SHA256), PriorKey(d.SourceID, d.FinalURL)
	if _, dup := p.hashes[hash]; dup || p.finals[final] {
		return false
	}
	p.hashes[hash] = d.FinalURL
	p.finals[final] = true
	return true
}

// unchanged counts a document the server said had not changed (304); a
// report page's attachments are still checked, from the stored copy, so
// that a pass killed between a page and its attachments resumes.
func (p *pass) unchanged(v *visit, before touming.Document) {
	p.count(v, func(s *touming.SourceStats) { s.Unchanged++ })
	if v.kind != kindReport || p.cfg.Cached == nil || before.SHA256 == "" {
		return
	}
	body, err := p.cfg.Cached(before.SHA256)
	if err != nil {
		p.fail(v, v.url, fmt.Sprintf("read stored copy %s: %v", before.SHA256, err))
		return
	}
	base, err := url.Parse(before.FinalURL)
	if err != nil || before.FinalURL == "" {
		base, _ = url.Parse(v.url)
	}
	p.followAttachments(v, base, body, before.ContentType)
}

// deliver calls the handler, one call at a time, and counts its verdict.
// A page without tables that links attachments is not listed as a
// failure: the report is in the attachment, which gets a verdict of its own.
func (p *pass) deliver(v *visit, f Fetched, linksAttachments bool) {
	p.hmu.Lock()
	defer p.hmu.Unlock()
	if p.ctx.Err() != nil {
		return
	}
	d, err := p.handle(p.ctx, f)
	if err != nil {
		p.abort(fmt.Errorf("%w: handle %s: %w", errAborted, f.Doc.URL, err))
		return
	}
	p.count(v, func(s *touming.SourceStats) {
		if f.Change == touming.ChangeNew {
			s.New++
		} else {
			s.Changed++
		}
		if d.Status == touming.StatusFailed {
			s.Failed++
		}
	})
	withheld := linksAttachments && (d.Status == touming.StatusNoTables || d.Status == touming.StatusNotReport)
	read := d.Status == touming.StatusOK || d.Status == touming.StatusOCRVerified // ocr_review is listed: a person checks it
	if d.Status != "" && !read && !withheld {
		p.note(v, d.FinalURL, d.Status+": "+d.Error)
	}
}

func (p *pass) abort(err error) {
	p.mu.Lock()
	if p.abortErr == nil {
		p.abortErr = err
	}
	p.mu.Unlock()
	p.cancel()
}

// count applies f to the visit's source stats and reports progress.
func (p *pass) count(v *visit, f func(*touming.SourceStats)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.stats[v.src.ID]
	f(s)
	if p.cfg.Progress != nil {
		p.cfg.Progress(*s)
	}
}

// skip counts and lists a link passed over, once however often it is met.
func (p *pass) skip(v *visit, reason string) {
	if !p.firstSkip(v.url) {
		return
	}
	p.count(v, func(s *touming.SourceStats) { s.Skipped++ })
	p.mu.Lock()
	defer p.mu.Unlock()
	p.skips = append(p.skips, touming.CrawlFailure{SourceID: v.src.ID, URL: v.url, Reason: reason})
}

// fail counts and lists a failure.
func (p *pass) fail(v *visit, u, reason string) { p.failStatus(v, u, 0, reason) }

// failStatus is fail with the HTTP status the server answered. A report or
// attachment that failed is also handed over, as a document with status
// failed, unless an earlier pass stored it: a good copy is not buried
// under a passing outage.
func (p *pass) failStatus(v *visit, u string, code int, reason string) {
	p.count(v, func(s *touming.SourceStats) {
		s.Failed++
		if v.start {
			s.StartsFailed++
		}
	})
	p.note(v, u, reason)
	if v.kind == kindPage {
		p.pageFailed(v, code, reason)
	}
	if _, had := p.stored(v.src, v.url); had || v.kind == kindPage {
		return
	}
	doc := touming.Document{SourceID: v.src.ID, URL: v.url, FinalURL: u, FetchedAt: time.Now().UTC(), HTTPStatus: code,
		Status: touming.StatusFailed, Error: reason, Title: v.title, Parent: v.parent}
	p.hmu.Lock()
	defer p.hmu.Unlock()
	if p.ctx.Err() != nil {
		return
	}
	if _, err := p.handle(p.ctx, Fetched{Doc: doc, Change: touming.ChangeNew, Attachment: v.kind == kindAttachment}); err != nil {
		p.abort(fmt.Errorf("%w: handle %s: %w", errAborted, doc.URL, err))
	}
}

func (p *pass) note(v *visit, u, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures = append(p.failures, touming.CrawlFailure{SourceID: v.src.ID, URL: u, Reason: reason})
}
