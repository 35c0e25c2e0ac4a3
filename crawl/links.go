package crawl

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// link is an anchor found on a page: its resolved URL and its title.
type link struct {
	url   *url.URL
	title string
}

// pageLinks returns the anchors of a page, including those Hanweb (大汉)
// keeps as CDATA records inside <script type="text/xml"> datastores,
// which no HTML parser sees as links; and the pages it points to without
// an anchor: the later pages a TRS createPageHTML call stands for, and
// the target of a <meta http-equiv="refresh"> or a script redirect, with
// which many portal home pages send visitors on.
func pageLinks(base *url.URL, text string) (links []link, implied []*url.URL) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, nil
	}
	links = anchors(base, doc.Selection)
	vars := scriptVars(doc)
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		body := s.Text()
		for _, m := range cdataRE.FindAllStringSubmatch(body, -1) {
			if frag, err := goquery.NewDocumentFromReader(strings.NewReader(m[1])); err == nil {
				links = append(links, anchors(base, frag.Selection)...)
			}
		}
		implied = append(implied, trsPages(base, body, vars)...)
		implied = append(implied, resolveAll(base, jsRedirectRE, body)...)
	})
	doc.Find("meta[http-equiv]").Each(func(_ int, m *goquery.Selection) {
		if v, _ := m.Attr("http-equiv"); strings.EqualFold(v, "refresh") {
			c, _ := m.Attr("content")
			implied = append(implied, resolveAll(base, refreshRE, c)...)
		}
	})
	return links, implied
}

var (
	refreshRE    = regexp.MustCompile(`(?i)url\s*=\s*['"]?([^'";\s]+)`)
	jsRedirectRE = regexp.MustCompile(`(?:window\.|document\.|top\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]|location\.replace\(\s*['"]([^'"]+)['"]`)
)

// resolveAll resolves the URLs re captures in s against base.
func resolveAll(base *url.URL, re *regexp.Regexp, s string) []*url.URL {
	var out []*url.URL
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		for _, g := range m[1:] {
			if u, err := base.Parse(g); g != "" && err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				out = append(out, normalize(u))
			}
		}
	}
	return out
}

var cdataRE = regexp.MustCompile(`(?s)<!\[CDATA\[(.*?)\]\]>`)

func anchors(base *url.URL, s *goquery.Selection) []link {
	var out []link
	s.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		href = strings.TrimSpace(href)
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") ||
			strings.HasPrefix(strings.ToLower(href), "mailto:") {
			return
		}
		u, err := base.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		title := fold(a.Text())
		if t, ok := a.Attr("title"); ok && len(fold(t)) > len(title) {
			title = fold(t) // list pages cut long titles short and keep them whole in title=
		}
		out = append(out, link{url: normalize(u), title: title})
	})
	return out
}

// fold collapses whitespace, including the full-width and no-break spaces
// Chinese pages are full of.
func fold(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000'
	}), " ")
}

// trackingParams are query parameters that say where a link was clicked,
// not what it points to: a report under ?from=list is the same report.
// Other parameters stay, since pagination often lives in the query.
var trackingParams = regexp.MustCompile(`^(from|spm|utm_[a-z]+|source|share|isappinstalled|wxshare_count|scene|clicktime|_t|timestamp)$`)

// normalize drops the fragment and tracking parameters.
func normalize(u *url.URL) *url.URL {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	c.Host = strings.ToLower(c.Host)
	if c.Path == "" {
		c.Path = "/"
	}
	if c.RawQuery != "" {
		q := c.Query()
		drop := false
		for k := range q {
			if trackingParams.MatchString(strings.ToLower(k)) {
				drop = true
			}
		}
		if drop {
			c.RawQuery = keepParams(c.RawQuery)
		}
	}
	return &c
}

// keepParams removes tracking parameters while keeping the others in
// their order and spelling.
func keepParams(raw string) string {
	var kept []string
	for _, kv := range strings.Split(raw, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); err == nil && trackingParams.MatchString(strings.ToLower(k)) {
			continue
		}
		kept = append(kept, kv)
	}
	return strings.Join(kept, "&")
}

// scriptVars collects `var name = 12` assignments of a page's scripts: TRS
// templates often call createPageHTML(countPage, currentPage, …).
func scriptVars(doc *goquery.Document) map[string]int {
	vars := map[string]int{}
	for _, m := range varRE.FindAllStringSubmatch(doc.Find("script").Text(), -1) {
		if n, err := strconv.Atoi(m[2]); err == nil {
			vars[m[1]] = n
		}
	}
	return vars
}

var (
	varRE    = regexp.MustCompile(`(?:var|let|const)\s+(\w+)\s*=\s*(\d+)`)
	createRE = regexp.MustCompile(`createPageHTML\s*\(([^)]*)\)`)
)

// trsPages expands a TRS createPageHTML(total, current, "index", "htm")
// call, or its newer form createPageHTML('page_div', total, current,
// 'index', 'htm', records), into the URLs of pages 2..total, which are
// index_1.htm … index_{total-1}.htm beside the current page.
func trsPages(base *url.URL, script string, vars map[string]int) []*url.URL {
	var out []*url.URL
	for _, m := range createRE.FindAllStringSubmatch(script, -1) {
		var ints []int
		var strs []string
		for _, a := range strings.Split(m[1], ",") {
			a = strings.TrimSpace(a)
			if n, err := strconv.Atoi(a); err == nil {
				if len(strs) < 2 {
					ints = append(ints, n)
				}
			} else if q := strings.Trim(a, `"'`); q != a {
				strs = append(strs, q)
			} else if n, ok := vars[a]; ok && len(strs) < 2 {
				ints = append(ints, n)
			}
		}
		if len(ints) == 0 || len(strs) < 2 {
			continue
		}
		name, ext := strs[len(strs)-2], strs[len(strs)-1]
		for i := 1; i < ints[0] && i < 1000; i++ {
			if u, err := base.Parse(name + "_" + strconv.Itoa(i) + "." + ext); err == nil {
				out = append(out, normalize(u))
			}
		}
	}
	return out
}

// sameDir reports whether two URLs are pages of one column: the same
// directory on the same host.
func sameDir(a, b *url.URL) bool {
	return a.Host == b.Host && path.Dir(a.Path+"x") == path.Dir(b.Path+"x")
}

// sameSite reports whether u belongs to the site of start: the same host,
// or a host under the same registered domain (xxgk.example.gov.cn and
// www.example.gov.cn).
func sameSite(u, start *url.URL) bool {
	if u.Host == start.Host {
		return true
	}
	a, b := u.Hostname(), start.Hostname()
	if net := regexp.MustCompile(`^[\d.:]+$`); net.MatchString(a) || net.MatchString(b) {
		return false
	}
	return registered(a) == registered(b)
}

func registered(host string) string {
	parts := strings.Split(host, ".")
	n := 2
	if len(parts) >= 3 && map[string]bool{"gov": true, "com": true, "org": true, "net": true, "edu": true}[parts[len(parts)-2]] {
		n = 3
	}
	if len(parts) <= n {
		return host
	}
	return strings.Join(parts[len(parts)-n:], ".")
}
