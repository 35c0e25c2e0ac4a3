// Package crawl fetches annual reports from government portals with Colly:
// politely (robots.txt, a per-host delay, an identifying User-Agent,
// retries with backoff), incrementally (conditional GETs and content
// hashes against what earlier passes stored) and without losing the bytes
// (every body is handed over as served, for the archive).
//
// crawl knows nothing of extraction or the warehouse: Run hands each
// report page and attachment that is new or changed to a Handler, which
// the caller (cmd/touming) uses to archive, extract and store it.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/touming/touming"
)

// DefaultUserAgent identifies the crawler to portal operators, with a
// place to reach whoever runs it.
const DefaultUserAgent = "touming/0.1 (+https://github.com/touming/touming; government information disclosure research crawler)"

// Config holds a crawl's settings. The zero value is polite defaults.
type Config struct {
	UserAgent string
	// Delay is the least time between the starts of two requests to one
	// host; zero means one second, negative means none (tests).
	Delay time.Duration
	// Parallel is the number of requests in flight to one host; zero
	// means 1. Hosts are crawled in parallel with each other.
	Parallel int
	// Timeout bounds the wait for a response, and then each wait for more
	// of its body; zero means 60 s (portals are slow).
	Timeout time.Duration
	// DocTime bounds one response from its turn to its last byte, however
	// steadily it arrives: a server dripping a byte every few seconds never
	// trips Timeout. Zero means 10 minutes (a 256 MiB scan at 500 KB/s).
	// Going over it is not retried.
	DocTime time.Duration
	// Retries is how often a timeout, 429 or 5xx is retried; zero means
	// 3, negative means none. A 404 is never retried.
	Retries int
	// Backoff is the wait before the first retry, doubled for each next
	// one; zero means 2 s.
	Backoff time.Duration
	// MaxBody bounds a body's size once decoded, whatever its
	// Content-Encoding (a gzip bomb is cut here); zero means 256 MiB
	// (Colly's default of 10 MB cuts scanned PDF attachments short).
	MaxBody int
	// MaxPages bounds the URLs one source requests in a pass (pages,
	// reports and attachments); zero means 5000. Past it the source's
	// other links are skipped and the summary says so.
	MaxPages int
	// MaxQueryVariants bounds the query strings under which one path is
	// fetched as a list or navigation page in a pass (trap detection);
	// zero means 100.
	MaxQueryVariants int
	// MaxDepth bounds the links followed from a start page to find the
	// annual-report column; zero means 3.
	MaxDepth int
	// Cached returns the stored body with a given SHA-256, so that the
	// attachments of a report page that has not changed (304) are still
	// checked. Nil means they are not.
	Cached func(sha256 string) ([]byte, error)
	// Progress, when set, is called with a source's counts as they change.
	Progress func(touming.SourceStats)
	// Known maps a source id to the columns an earlier pass found: the
	// pass starts there, and from the source's start URLs only when they
	// moved (404, a redirect elsewhere, no reports any more).
	Known map[string][]string
	// Transport is the base transport; nil means NewTransport(), which
	// refuses loopback, private and link-local addresses that are not the
	// sources' own. Another transport keeps the guard only if built on
	// NewTransport.
	Transport http.RoundTripper
	// AllowPrivate lets the crawl reach any address, loopback and private
	// ones included (--allow-private).
	AllowPrivate bool
	// Admit, when set, is waited on by each request once it holds its
	// host's slot, before the delay and its timeouts run: the pipeline
	// holds the crawl back while its queue of documents to write is full
	// (waiting before the slot would let every request queued for a host
	// through at once). Its error fails the request.
	Admit func(ctx context.Context) error
}

func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	switch {
	case c.Delay == 0:
		c.Delay = time.Second
	case c.Delay < 0:
		c.Delay = 0
	}
	c.Parallel = max(c.Parallel, 1)
	if c.Timeout == 0 {
		c.Timeout = 60 * time.Second
	}
	switch {
	case c.Retries == 0:
		c.Retries = 3
	case c.Retries < 0:
		c.Retries = 0
	}
	if c.Backoff == 0 {
		c.Backoff = 2 * time.Second
	}
	if c.MaxBody == 0 {
		c.MaxBody = 256 << 20
	}
	if c.DocTime == 0 {
		c.DocTime = 10 * time.Minute
	}
	if c.MaxPages == 0 {
		c.MaxPages = 5000
	}
	if c.MaxQueryVariants == 0 {
		c.MaxQueryVariants = 100
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = 3
	}
	if c.Transport == nil {
		c.Transport = NewTransport()
	}
	return c
}

// Fetched is a report page or attachment that is new or has changed, or
// that could not be fetched.
type Fetched struct {
	// Doc describes the fetch. Its Status and Error are for the handler to
	// fill in, except when the fetch failed: then Status is
	// touming.StatusFailed, Error says why and Body is nil.
	Doc  touming.Document
	Body []byte // as served, not decoded
	// Change is ChangeNew or ChangeChanged.
	Change touming.Change
	// Attachment is true for a PDF or Word file linked from a report page
	// or a list (Doc.Parent names the page).
	Attachment bool
	// Pictures are the pictures of a report page whose body holds no
	// table, by their src as the page writes it: its tables may be
	// pictures, to read by OCR. The handler archives them with the page.
	Pictures map[string][]byte
	// LinksAttachments is true for a report page that links attachments:
	// a handler that judges the page later (touming's pipeline) need not
	// list it as a failure when it holds no tables, as the report is in
	// the attachments.
	LinksAttachments bool
}

// Handler takes a fetched document and returns it as recorded, with its
// Status (and Error) set. Run calls it from one goroutine at a time. An
// error aborts the pass: it is for failures of the handler itself (a full
// disk, a database that cannot be written), not for documents that are
// not reports, which are a Status.
type Handler func(ctx context.Context, f Fetched) (touming.Document, error)

// Run makes one pass over the sources. prior maps a URL to the document
// stored for it by earlier passes (by requested and by final URL); its
// validators make the requests conditional and its hashes tell what
// changed. Run returns when the pass is done or ctx is cancelled; fetch
// failures are in the summary, not the error.
func Run(ctx context.Context, cfg Config, sources []touming.Source, prior map[string]touming.Document, handle Handler) (touming.CrawlSummary, error) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := newPass(ctx, cancel, cfg, prior, handle)
	sum := touming.CrawlSummary{Started: time.Now()}
	srcs := make([]*source, 0, len(sources))
	for _, s := range sources {
		src, err := compile(s)
		if err != nil {
			return sum, err
		}
		srcs = append(srcs, src)
		p.stats[s.ID] = &touming.SourceStats{SourceID: s.ID, Starts: len(src.start)}
	}
	p.transport.guard = newAddrGuard(cfg.AllowPrivate, srcs)
	p.start(srcs)
	p.c.Wait()
	sum.Finished = time.Now()
	for _, s := range srcs {
		sum.Sources = append(sum.Sources, *p.stats[s.ID])
	}
	sum.Failures, sum.Skips = p.failures, p.skips
	sum.Discoveries = p.finish(srcs)
	if p.abortErr != nil {
		return sum, p.abortErr
	}
	return sum, ctx.Err()
}

// startWorkers bounds how many start pages are being requested at once.
const startWorkers = 32

// start requests the sources' start pages, many at a time: Colly fetches
// a host's robots.txt inside the first request for it, so one slow portal
// would otherwise hold up the start of all the others.
func (p *pass) start(srcs []*source) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, startWorkers)
	for _, src := range srcs {
		for _, v := range p.startVisits(src) {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				u, _ := url.Parse(v.url)
				p.enqueue(v, u)
				<-sem
			}()
		}
	}
	wg.Wait()
}

// source is a Source with its patterns compiled and start URLs parsed.
type source struct {
	touming.Source
	start       []*url.URL
	allow, deny []*regexp.Regexp
	title       *regexp.Regexp
}

func compile(s touming.Source) (*source, error) {
	src := &source{Source: s}
	for _, raw := range s.Start {
		u, err := parseURL(raw)
		if err != nil {
			return nil, fmt.Errorf("source %s: start %q: %w", s.ID, raw, err)
		}
		src.start = append(src.start, u)
	}
	var err error
	if src.allow, err = compileAll(s.Allow); err == nil {
		src.deny, err = compileAll(s.Deny)
	}
	if err == nil && s.TitlePattern != "" {
		src.title, err = regexp.Compile(s.TitlePattern)
	}
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", s.ID, err)
	}
	return src, nil
}

func compileAll(ps []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range ps {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, re)
	}
	return out, nil
}

// permits applies the allow and deny patterns; deny wins.
func (s *source) permits(u string) bool {
	for _, re := range s.deny {
		if re.MatchString(u) {
			return false
		}
	}
	if len(s.allow) == 0 {
		return true
	}
	for _, re := range s.allow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// newCollector sets Colly up for the pass: async, every status handed to
// OnResponse (so 304 and 5xx are ours to judge), no charset conversion and
// no client timeout (the transport times each attempt once its turn
// comes). robots.txt and the dedup of URLs are the pass's own (robots.go,
// claimURL): Colly's allow a host whose robots.txt fails, skip the robots
// of a redirect's target, and let only one source fetch a URL.
func newCollector(ctx context.Context, cfg Config, rt http.RoundTripper, redirect func(*http.Request, []*http.Request) error) *colly.Collector {
	c := colly.NewCollector(colly.Async(true), colly.UserAgent(cfg.UserAgent), colly.StdlibContext(ctx))
	c.IgnoreRobotsTxt = true
	c.AllowURLRevisit = true
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.MaxBodySize = cfg.MaxBody + 1 // the transport cuts at MaxBody, with an error
	c.SetRequestTimeout(0)
	c.WithTransport(rt)
	c.SetRedirectHandler(redirect)
	return c
}

// errAborted marks a pass stopped by its handler.
var errAborted = errors.New("crawl aborted")

// pass is the state of one Run.
type pass struct {
	ctx    context.Context
	cancel context.CancelFunc
	cfg    Config
	c      *colly.Collector
	robots *robotsRules
	prior  map[string]touming.Document
	handle Handler
	hmu    sync.Mutex // one handler call at a time

	visits    sync.Map // visit id (headerVisit) → *visit
	nextVisit atomic.Int64

	mu        sync.Mutex // guards what follows
	stats     map[string]*touming.SourceStats
	failures  []touming.CrawlFailure
	skips     []touming.CrawlFailure
	requested map[string]*visit // source and URL → the visit that asked first
	hashes    map[string]string // source and content hash → URL handed over this pass
	finals    map[string]bool   // source and final URL of documents seen this pass
	skipped   map[string]bool   // look-alike links already counted
	fetches   map[string]int    // source → URLs requested (MaxPages)
	variants  map[string]int    // source and path → query strings requested as pages
	abortErr  error

	transport *politeTransport
	disc      *discoverer // what the pass finds out about each portal
}

func newPass(ctx context.Context, cancel context.CancelFunc, cfg Config, prior map[string]touming.Document, handle Handler) *pass {
	p := &pass{ctx: ctx, cancel: cancel, cfg: cfg, prior: prior, handle: handle,
		stats: map[string]*touming.SourceStats{}, requested: map[string]*visit{}, hashes: map[string]string{},
		finals: map[string]bool{}, skipped: map[string]bool{}, fetches: map[string]int{}, variants: map[string]int{}}
	rt := newPoliteTransport(cfg.Transport, limits{delay: cfg.Delay, parallel: cfg.Parallel,
		stall: cfg.Timeout, docTime: cfg.DocTime, maxBody: int64(cfg.MaxBody)})
	rt.admit, rt.guard = cfg.Admit, newAddrGuard(cfg.AllowPrivate, nil) // Run adds the sources' own
	p.robots = newRobotsRules(rt, cfg)
	p.transport, p.disc = rt, newDiscoverer()
	p.c = newCollector(ctx, cfg, rt, p.redirect)
	p.c.OnResponse(p.onResponse)
	p.c.OnError(p.onError)
	return p
}
