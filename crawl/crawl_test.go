package crawl

import (
	"context"
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

// portal serves each site of a sample portal on its own loopback server,
// as county portals live on hosts of their own, and counts the requests
// in flight per site.
type portal struct {
	*sampleportal.Portal
	urls    map[string]string // site ID → base URL
	sources []touming.Source
	mu      sync.Mutex
	agents  map[string]bool
	flight  map[string]int
	peak    map[string]int
	total   map[string]int // requests per site
	// maxTotal is the most requests one site got.
	maxTotal int
}

func startPortal(t testing.TB, opt sampleportal.Options) *portal {
	t.Helper()
	p := &portal{Portal: sampleportal.New(opt), urls: map[string]string{},
		agents: map[string]bool{}, flight: map[string]int{}, peak: map[string]int{}, total: map[string]int{}}
	for _, s := range p.Sites() {
		id, h := s.ID, s.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.enter(id, r.UserAgent())
			defer p.leave(id)
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		p.urls[s.ID] = srv.URL
	}
	srcs, err := ParseSources("sample.yaml", []byte(p.SourcesYAML(p.urls)))
	if err != nil {
		t.Fatal(err)
	}
	p.sources = srcs
	return p
}

func (p *portal) enter(id, ua string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.agents[ua] = true
	p.flight[id]++
	p.total[id]++
	p.maxTotal = max(p.maxTotal, p.total[id])
	p.peak[id] = max(p.peak[id], p.flight[id])
}

func (p *portal) leave(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flight[id]--
}

func (p *portal) site(id string) *sampleportal.Site {
	for _, s := range p.Sites() {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// url returns the absolute URL of a path on a site.
func (p *portal) url(site, path string) string { return p.urls[site] + path }

// recorder is a Handler that keeps what it was given.
type recorder struct {
	mu    sync.Mutex
	got   []Fetched
	byURL map[string]Fetched
}

func (r *recorder) handle(_ context.Context, f Fetched) (touming.Document, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byURL == nil {
		r.byURL = map[string]Fetched{}
	}
	r.got = append(r.got, f)
	r.byURL[f.Doc.FinalURL] = f
	d := f.Doc
	if d.Status == "" {
		d.Status = touming.StatusOK
	}
	return d, nil
}

// prior builds the map a second pass gets, as the warehouse gives it.
func (r *recorder) prior() map[string]touming.Document {
	m := map[string]touming.Document{}
	for _, f := range r.got {
		m[f.Doc.FinalURL] = f.Doc
		m[f.Doc.URL] = f.Doc
	}
	return m
}

func fastConfig() Config {
	return Config{Delay: time.Millisecond, Backoff: 5 * time.Millisecond, Retries: 2}
}

func TestCrawlFindsEveryReport(t *testing.T) {
	p := startPortal(t, sampleportal.Options{})
	rec := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), p.sources, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Reports() {
		f, ok := rec.byURL[p.url(r.Site, r.TablesPath())]
		if !ok {
			t.Errorf("%s %d (%s): %s never handed over", r.Site, r.Year, r.Form, r.TablesPath())
			continue
		}
		if f.Attachment != (r.Attachment != "") {
			t.Errorf("%s: Attachment = %v", f.Doc.URL, f.Attachment)
		}
		if f.Change != touming.ChangeNew || f.Doc.SHA256 == "" || f.Doc.Size != int64(len(f.Body)) {
			t.Errorf("%s: change %s, sha %q, size %d of %d", f.Doc.URL, f.Change, f.Doc.SHA256, f.Doc.Size, len(f.Body))
		}
	}
	if len(sum.Failures) > 0 {
		t.Errorf("failures: %+v", sum.Failures)
	}
	if tot := sum.Total(); tot.Failed != 0 || tot.New != len(rec.got) || tot.Pages == 0 {
		t.Errorf("totals %+v with %d handed over", tot, len(rec.got))
	}
	for id, n := range p.peak {
		if n > 1 {
			t.Errorf("site %s had %d requests in flight at once; want 1", id, n)
		}
	}
	if len(p.agents) != 1 || !p.agents[DefaultUserAgent] {
		t.Errorf("user agents sent: %v", p.agents)
	}
}

func TestCrawlKeepsToThePortalsRules(t *testing.T) {
	p := startPortal(t, sampleportal.Options{})
	rec := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), p.sources, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Sites() {
		for _, f := range rec.got {
			if strings.Contains(f.Doc.URL, "/preview/") || strings.Contains(f.Doc.Title, "通知") || strings.Contains(f.Doc.Title, "工作要点") {
				t.Errorf("%s: handed over %s (%s)", s.ID, f.Doc.URL, f.Doc.Title)
			}
		}
		if n := s.Hits("/preview/draft.htm"); n != 0 {
			t.Errorf("%s: the draft robots.txt disallows was fetched %d times", s.ID, n)
		}
	}
	if !hasSkip(sum, skipRobots) || !hasSkip(sum, skipNotReport) {
		t.Errorf("skips do not name robots.txt and notices: %+v", sum.Skips)
	}
	// 获嘉县 links its 2020 report under an old URL that redirects, and
	// its 2021 report twice (once with ?from=list): each is one document.
	hj := p.site("huojia")
	for _, r := range hj.Reports() {
		n := 0
		for _, f := range rec.got {
			if f.Doc.FinalURL == p.url(r.Site, r.Path) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s %d handed over %d times", r.Site, r.Year, n)
		}
	}
}

func hasSkip(sum touming.CrawlSummary, reason string) bool {
	for _, s := range sum.Skips {
		if s.Reason == reason {
			return true
		}
	}
	return false
}

func TestSecondPassDownloadsNoReportAgain(t *testing.T) {
	p := startPortal(t, sampleportal.Options{})
	first := &recorder{}
	if _, err := Run(context.Background(), fastConfig(), p.sources, nil, first.handle); err != nil {
		t.Fatal(err)
	}
	hits := map[string]int{}
	for _, r := range p.Reports() {
		hits[r.Site+r.TablesPath()] = p.site(r.Site).Hits(r.TablesPath())
	}
	second := &recorder{}
	cfg := fastConfig()
	cfg.Cached = func(sha string) ([]byte, error) {
		for _, f := range first.got {
			if f.Doc.SHA256 == sha {
				return f.Body, nil
			}
		}
		return nil, nil
	}
	sum, err := Run(context.Background(), cfg, p.sources, first.prior(), second.handle)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.got) != 0 {
		t.Errorf("second pass handed over %d documents, first %d", len(second.got), len(first.got))
	}
	for _, r := range p.Reports() {
		if n := p.site(r.Site).Hits(r.TablesPath()); n != hits[r.Site+r.TablesPath()] {
			t.Errorf("%s downloaded again (%d full responses, was %d)", r.TablesPath(), n, hits[r.Site+r.TablesPath()])
		}
	}
	if tot := sum.Total(); tot.Unchanged < len(p.Reports()) || tot.Pages == 0 {
		t.Errorf("second pass totals %+v", tot)
	}
}

// TestCrawlSitesSharingAHost crawls the portal as the demo serves it: all
// sites on one host under path prefixes, one robots.txt for all.
func TestCrawlSitesSharingAHost(t *testing.T) {
	p := sampleportal.New(sampleportal.Options{Slow: time.Millisecond})
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	bases := map[string]string{}
	for _, s := range p.Sites() {
		bases[s.ID] = srv.URL + "/" + s.ID
	}
	srcs, err := ParseSources("demo.yaml", []byte(p.SourcesYAML(bases)))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Reports() {
		if _, ok := rec.byURL[bases[r.Site]+r.TablesPath()]; !ok {
			t.Errorf("%s %d: %s not handed over", r.Site, r.Year, r.TablesPath())
		}
	}
	want := 0 // the reports, and the pages that link a report's attachment
	for _, r := range p.Reports() {
		if want++; r.Attachment != "" {
			want++
		}
	}
	if len(rec.got) != want || !hasSkip(sum, skipRobots) {
		t.Errorf("%d documents, want %d; skips %+v", len(rec.got), want, sum.Skips)
	}
}

// TestSourcePatternsNarrowTheCrawl: a title pattern keeps only matching
// report links, and deny patterns win over allow patterns.
func TestSourcePatternsNarrowTheCrawl(t *testing.T) {
	p := startPortal(t, sampleportal.Options{})
	srcs := p.sources[:2] // xinxiang-county (TRS), huojia (Hanweb)
	srcs[0].TitlePattern = `202[34]年`
	srcs[1].Allow = []string{`/art/`}
	srcs[1].Deny = []string{`/art/202[0-3]/`}
	rec := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rec.got {
		got = append(got, f.Doc.Title)
	}
	// 新乡县 2023 and 2024; 获嘉县 2023 and 2024 (published under
	// /art/2024/ and /art/2025/); not its 2020 report, whose old URL
	// redirects into /art/2021/
	if len(rec.got) != 4 {
		t.Errorf("handed over %d: %v", len(rec.got), got)
	}
	if !hasSkip(sum, skipTitle) || !hasSkip(sum, skipDenied) {
		t.Errorf("skips do not say why: %+v", sum.Skips)
	}
}

// TestAttachmentOfAnUnchangedPageIsStillFetched: a pass killed after a
// report page was stored but before its attachment was leaves the page
// unchanged (304) next time; its stored copy still leads to the attachment.
func TestAttachmentOfAnUnchangedPageIsStillFetched(t *testing.T) {
	p := startPortal(t, sampleportal.Options{})
	srcs := p.sources[2:3] // 原阳县: a report in a Word attachment
	first := &recorder{}
	if _, err := Run(context.Background(), fastConfig(), srcs, nil, first.handle); err != nil {
		t.Fatal(err)
	}
	prior := first.prior()
	var lost string
	for u, d := range prior {
		if strings.HasSuffix(u, ".docx") {
			lost = d.FinalURL
			delete(prior, u)
		}
	}
	cfg := fastConfig()
	cfg.Cached = func(sha string) ([]byte, error) {
		for _, f := range first.got {
			if f.Doc.SHA256 == sha {
				return f.Body, nil
			}
		}
		return nil, fmt.Errorf("%s not stored", sha)
	}
	second := &recorder{}
	if _, err := Run(context.Background(), cfg, srcs, prior, second.handle); err != nil {
		t.Fatal(err)
	}
	if lost == "" || len(second.got) != 1 || second.got[0].Doc.FinalURL != lost || !second.got[0].Attachment {
		t.Errorf("second pass handed over %d documents; want only the attachment %s", len(second.got), lost)
	}
}
