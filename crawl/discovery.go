package crawl

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/touming/touming"
)

// discoverer collects, per source, what a pass finds out about its portal:
// the column pages that list reports, the CMS, and what kept it from being
// read. Pass hooks feed it; finish turns it into touming.Discovery records.
type discoverer struct {
	mu  sync.Mutex
	per map[string]*found
}

// found is one source's evidence so far.
type found struct {
	previous   []string // the last pass's columns this pass started from
	fellBack   bool     // the known columns failed: discovery from the start URLs ran
	movedWhy   string   // how a known column failed or redirected
	started    string   // the first page requested
	home       string   // the final URL of the first start page that answered
	title      string
	answered   bool     // a page of the source answered 2xx
	startFails []string // why start pages failed
	columns    []string
	emptyAt    string // a column page with no reports
	shell      string // why a page looked like a JavaScript shell
	challenge  string // why a page looked like a WAF challenge
	cms        map[string]int
}

func newDiscoverer() *discoverer { return &discoverer{per: map[string]*found{}} }

// of returns a source's evidence; the caller holds mu.
func (d *discoverer) of(id string) *found {
	f, ok := d.per[id]
	if !ok {
		f = &found{cms: map[string]int{}}
		d.per[id] = f
	}
	return f
}

// startVisits are the pages a source's pass begins with: the columns the
// last pass found (Config.Known), or else its start URLs.
func (p *pass) startVisits(src *source) []*visit {
	p.disc.mu.Lock()
	defer p.disc.mu.Unlock()
	f := p.disc.of(src.ID)
	var out []*visit
	for _, raw := range p.cfg.Known[src.ID] {
		// a column on another site than the start URLs is from before
		// the sources file was corrected: discovery starts afresh
		if u, err := parseURL(raw); err == nil && onSite(u, src.start) {
			f.previous = append(f.previous, u.String())
			out = append(out, &visit{src: src, kind: kindPage, url: u.String(), depth: p.cfg.MaxDepth, list: true, known: true})
		}
	}
	if len(out) == 0 {
		out = p.fromStart(src, f)
	}
	if len(out) > 0 {
		f.started = out[0].url
	}
	return out
}

func onSite(u *url.URL, starts []*url.URL) bool {
	for _, s := range starts {
		if sameSite(u, s) {
			return true
		}
	}
	return false
}

// fromStart builds the visits of a source's start URLs; the caller holds mu.
func (p *pass) fromStart(src *source, f *found) []*visit {
	var out []*visit
	for _, u := range src.start {
		out = append(out, &visit{src: src, kind: kindPage, url: u.String(), start: true})
	}
	return out
}

// fallBack starts discovery from the source's start URLs once, when a
// known column failed.
func (p *pass) fallBack(v *visit, why string) {
	p.disc.mu.Lock()
	f := p.disc.of(v.src.ID)
	if f.movedWhy == "" {
		f.movedWhy = why
	}
	again := !f.fellBack
	f.fellBack = true
	var visits []*visit
	if again {
		visits = p.fromStart(v.src, f)
	}
	p.disc.mu.Unlock()
	for _, sv := range visits {
		u, _ := url.Parse(sv.url)
		p.enqueue(sv, u)
	}
}

// observe records what a mined page shows: its title and CMS, a column
// that lists reports, and the signs of a JavaScript shell or a challenge.
func (p *pass) observe(v *visit, page *url.URL, text string, anchors, reports int) {
	shell, challenge := jsShell(text, anchors, v.column || v.known), challengeOf(text, anchors)
	p.disc.mu.Lock()
	f := p.disc.of(v.src.ID)
	f.answered = true
	if fam := cmsOf(page, text); fam != "" {
		f.cms[fam]++
	}
	if v.start && (f.home == "" || f.title == "") {
		f.home, f.title = page.String(), pageTitle(text)
	}
	var why string
	switch {
	case reports > 0 && !v.pager:
		if !slices.Contains(f.columns, page.String()) {
			f.columns = append(f.columns, page.String())
		}
		if v.known && page.String() != v.url && f.movedWhy == "" {
			f.movedWhy = v.url + " redirects to " + page.String()
		}
	case reports > 0:
	case v.known:
		why = v.url + " lists no reports any more"
	case v.column && !v.pager && f.emptyAt == "":
		f.emptyAt = page.String()
	}
	if reports == 0 && (v.start || v.column || v.known) {
		f.shell = first(f.shell, shell)
		f.challenge = first(f.challenge, challenge)
	}
	p.disc.mu.Unlock()
	if why != "" {
		p.fallBack(v, why)
	}
}

func first(have, next string) string {
	if have != "" {
		return have
	}
	return next
}

// pageFailed records a start or column page that could not be fetched;
// a known column that fails sends the source back to discovery.
func (p *pass) pageFailed(v *visit, code int, reason string) {
	switch {
	case v.known:
		p.fallBack(v, v.url+": "+reason)
	case v.start:
		p.disc.mu.Lock()
		f := p.disc.of(v.src.ID)
		f.startFails = append(f.startFails, reason)
		if code == 0 && wafStatusRE.MatchString(reason) || wafCodes[code] {
			f.challenge = first(f.challenge, reason+" (a web firewall refusing automated clients)")
		}
		p.disc.mu.Unlock()
	}
}

// wafCodes are statuses city-wide web firewalls answer automated clients
// with (瑞数 412, 468; 521 from 加速乐 and Cloudflare's JS checks).
var (
	wafCodes    = map[int]bool{412: true, 468: true, 521: true}
	wafStatusRE = regexp.MustCompile(`\bHTTP (412|468|521)\b`)
)

// finish turns each source's evidence into its discovery record.
func (p *pass) finish(srcs []*source) []touming.Discovery {
	p.disc.mu.Lock()
	defer p.disc.mu.Unlock()
	now := time.Now().UTC()
	var out []touming.Discovery
	for _, src := range srcs {
		f := p.disc.of(src.ID)
		d := touming.Discovery{SourceID: src.ID, CheckedAt: now, Start: f.started, Home: f.home, Title: f.title,
			Columns: f.columns, Previous: f.previous, CMS: f.family()}
		if f.started != "" {
			if u, err := url.Parse(f.started); err == nil {
				d.CrawlDelay = p.transport.crawlDelay(u.Host)
			}
		}
		d.Status, d.Reason = f.status()
		out = append(out, d)
	}
	return out
}

// status weighs the evidence: reports found beat everything; a column
// that moved is told from one that is gone; a challenge or a shell
// explains a portal that answered without links to follow.
func (f *found) status() (string, string) {
	moved := len(f.previous) > 0 && f.movedWhy != ""
	switch {
	case len(f.columns) > 0 && moved:
		return touming.DiscoveryMoved, f.movedWhy + "; found " + strings.Join(f.columns, " ")
	case len(f.columns) > 0:
		return touming.DiscoveryOK, ""
	case f.challenge != "":
		return touming.DiscoveryChallenge, f.challenge
	case f.shell != "":
		return touming.DiscoveryJSShell, f.shell
	case !f.answered && len(f.startFails) > 0:
		return touming.DiscoveryDead, f.startFails[0]
	case moved:
		return touming.DiscoveryMoved, f.movedWhy + "; discovery found no column from the start page"
	case f.emptyAt != "":
		return touming.DiscoveryEmpty, f.emptyAt + " lists no reports"
	case !f.answered:
		return touming.DiscoveryDead, "no page answered"
	}
	return touming.DiscoveryNoColumn, "no annual-report column found from " + f.home
}

// family is the CMS most pages of the source showed.
func (f *found) family() string {
	best, n := "", 0
	for fam, c := range f.cms {
		if c > n || c == n && fam < best {
			best, n = fam, c
		}
	}
	return best
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

func pageTitle(text string) string {
	if m := titleRE.FindStringSubmatch(text); m != nil {
		return fold(m[1])
	}
	return ""
}

// cmsMarks tell the CMS families county portals run on by what their
// pages carry: scripts, paths and generator names.
var cmsMarks = []struct {
	family string
	re     *regexp.Regexp
}{
	{"gkmlpt", regexp.MustCompile(`/gkmlpt/`)},
	{"Hanweb", regexp.MustCompile(`(?i)<script[^>]+type="text/xml"[^>]*>\s*<datastore|hanweb|/module/web/jpage/|jpage/dataproxy\.jsp|/jcms/|大汉网络`)},
	{"TRS", regexp.MustCompile(`(?i)createPageHTML|TRS_Editor|TRS_AUTOADD|content="TRS|trswcm|/trs/`)},
	{"Epoint", regexp.MustCompile(`(?i)epoint|ewb-|新点软件`)},
	{"JEECMS", regexp.MustCompile(`(?i)jeecms`)},
}

func cmsOf(page *url.URL, text string) string {
	for _, m := range cmsMarks {
		if m.re.MatchString(page.Path) || m.re.MatchString(text) {
			return m.family
		}
	}
	return ""
}

var (
	scriptRE = regexp.MustCompile(`(?is)<script[^>]*>.*?</script>|<style[^>]*>.*?</style>|<noscript[^>]*>.*?</noscript>`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	hasJSRE  = regexp.MustCompile(`(?i)<script`)
	ajaxRE   = regexp.MustCompile(`\$\.(ajax|get|post|getJSON)\s*\(|\bfetch\s*\(|XMLHttpRequest|axios\.`)
	needJSRE = regexp.MustCompile(`(?i)enable javascript|开启\s*javascript|启用\s*javascript|<div[^>]+id="(app|root)"[^>]*>\s*</div>`)
)

// visible is a page's text as a browser without JavaScript shows it.
func visible(text string) string {
	return fold(tagRE.ReplaceAllString(scriptRE.ReplaceAllString(text, " "), " "))
}

// jsShell says why a page needs JavaScript to show its content: it has
// scripts and, without them, next to no text and no links, or (on a
// column page, which should list reports) its list is filled in by an
// ajax call.
func jsShell(text string, anchors int, column bool) string {
	if !hasJSRE.MatchString(text) {
		return ""
	}
	n := utf8.RuneCountInString(visible(text))
	switch {
	case column && ajaxRE.MatchString(text) || anchors < 15 && ajaxRE.MatchString(text) && needJSRE.MatchString(text):
		return "the list is filled in by a script (ajax)"
	case n < 200 && anchors < 5 && (needJSRE.MatchString(text) || ajaxRE.MatchString(text) || n < 40):
		return "the page shows " + strconv.Itoa(n) + " characters and " + strconv.Itoa(anchors) + " links without JavaScript"
	}
	return ""
}

// wafMarks are what the web firewalls in front of Chinese portals put in
// their challenge pages.
var wafMarks = []struct{ name, mark string }{
	{"瑞数 (Rivers Security)", "$_ts"},
	{"加速乐 (Jiasule)", "__jsl_clearance"},
	{"加速乐 (Jiasule)", "jsl_clearance"},
	{"Cloudflare", "challenge-platform"},
	{"Cloudflare", "cf-chl"},
	{"Aliyun WAF", "acw_sc__v2"},
	{"Aliyun WAF", "aliyun_waf"},
	{"云锁 (Yunsuo)", "yunsuo_session_verify"},
	{"安全狗 (Safedog)", "safedog"},
	{"网站卫士 (WZWS)", "wzws_cid"},
	{"创宇盾 (Knownsec)", "jiasule"},
}

// challengeOf names the WAF whose challenge a page is: its mark, and next
// to no content.
func challengeOf(text string, anchors int) string {
	if anchors >= 5 || utf8.RuneCountInString(visible(text)) > 300 {
		return ""
	}
	low := strings.ToLower(text)
	for _, m := range wafMarks {
		if strings.Contains(low, strings.ToLower(m.mark)) {
			return "a " + m.name + " challenge page (" + m.mark + "), no content"
		}
	}
	return ""
}

// crawlDelay is the Crawl-delay a host's robots.txt asked for.
func (t *politeTransport) crawlDelay(host string) time.Duration {
	t.mu.Lock()
	g := t.hosts[host]
	t.mu.Unlock()
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.asked
}
