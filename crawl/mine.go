package crawl

import (
	"bytes"
	"net/url"
	"strings"
)

// mine follows the links of a start, navigation or list page: report
// links by their titles, the column's other pages, and, within the depth
// bound, links toward the annual-report column.
func (p *pass) mine(v *visit, page *url.URL, body []byte, ct string) {
	text := decodeHTML(body, ct)
	links, implied := pageLinks(page, text)
	reports := 0
	for _, l := range links {
		if p.reportLink(v, page, l) {
			reports++
		}
	}
	p.observe(v, page, text, len(links), reports)
	// pages a page implies (script pages, a refresh) are followed as its
	// column's pages: on a home page the refresh is the way in
	home := v.start && reports == 0
	for _, u := range implied {
		if sameSite(u, page) {
			p.enqueue(&visit{src: v.src, kind: kindPage, depth: v.depth, list: true, parent: page.String(), start: home, pager: !home}, u)
		}
	}
	// a column's further pages, and those of the 信息公开 section, whose
	// sub-columns may go on over several pages
	if reports > 0 || v.list || v.section {
		for _, l := range links {
			if isPager(l, page) {
				p.enqueue(&visit{src: v.src, kind: kindPage, depth: v.depth, list: true, parent: page.String(),
					pager: true, section: v.section && reports == 0}, l.url)
			}
		}
	}
	if v.depth >= p.cfg.MaxDepth {
		return
	}
	for _, l := range links {
		strong, weak := isColumnLink(l)
		// weak links (政务公开, 政府信息公开) lead from a home page to the
		// column in a step or two; not in the last step, where only a
		// link that names the column can still lead to it
		if (strong || weak && v.depth+1 < p.cfg.MaxDepth) && sameSite(l.url, page) {
			p.enqueue(&visit{src: v.src, kind: kindPage, depth: v.depth + 1, parent: page.String(), column: strong, section: !strong}, l.url)
		}
	}
}

// reportLink enqueues l if its title names a report, and reports whether
// it does; look-alikes (notices, plans) are counted as skipped once.
func (p *pass) reportLink(v *visit, page *url.URL, l link) bool {
	report, lookalike := isReportTitle(l.title)
	if lookalike {
		p.skip(&visit{src: v.src, url: l.url.String()}, skipNotReport)
		return false
	}
	if !report || !sameSite(l.url, page) {
		return false
	}
	if v.src.title != nil && !v.src.title.MatchString(l.title) {
		p.skip(&visit{src: v.src, url: l.url.String()}, skipTitle)
		return true
	}
	k := kindReport
	if isAttachment(l.url, l.title) {
		k = kindAttachment
	}
	p.enqueue(&visit{src: v.src, kind: k, title: l.title, parent: page.String()}, l.url)
	return true
}

func (p *pass) firstSkip(u string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.skipped[u] {
		return false
	}
	p.skipped[u] = true
	return true
}

// followAttachments enqueues the PDF and Word files a report page links
// and returns how many it found.
func (p *pass) followAttachments(v *visit, page *url.URL, body []byte, ct string) int {
	if !looksHTML(body, ct) {
		return 0 // a report link that led straight to a PDF or Word file
	}
	links, _ := pageLinks(page, decodeHTML(body, ct))
	n := 0
	for _, l := range links {
		if isAttachment(l.url, l.title) && sameSite(l.url, page) {
			title := l.title
			if title == "" || len(title) < len(v.title) && !isAttachment(l.url, "") {
				title = v.title
			}
			p.enqueue(&visit{src: v.src, kind: kindAttachment, title: title, parent: page.String()}, l.url)
			n++
		}
	}
	return n
}

// looksHTML tells a web page from a file served in its place.
func looksHTML(body []byte, ct string) bool {
	if strings.Contains(strings.ToLower(ct), "html") {
		return true
	}
	h := bytes.ToLower(head(body, 1024))
	return bytes.Contains(h, []byte("<html")) || bytes.Contains(h, []byte("<!doctype html"))
}
