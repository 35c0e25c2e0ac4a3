package crawl

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/touming/touming"
)

// Patterns that tell a report link, a column link and a page link by the
// titles and paths Chinese government portals use.
var (
	reportWordRE = regexp.MustCompile(`年度报告|年报`)
	subjectRE    = regexp.MustCompile(`政府信息公开|政务公开|信息公开`)
	// columnTextRE and columnPathRE find the annual-report column.
	columnTextRE = regexp.MustCompile(`政府信息公开(工作)?年(度)?报|信息公开年报|年度报告|^年报$`)
	columnPathRE = regexp.MustCompile(`(?i)(zfxxgkndbg|zfxxgknb|xxgknb|xxgkndbg|gknb|ndbg|ndbb)`)
	// portalTextRE and portalPathRE find the disclosure platform on a
	// home page, one step from the column.
	portalTextRE = regexp.MustCompile(`^(政府信息公开|信息公开|政务公开|政府信息公开专栏|政务公开专栏|法定主动公开内容)$`)
	portalPathRE = regexp.MustCompile(`(?i)/(zfxxgk|xxgk|zwgk|govinfo|gkml)/?(index\.s?html?)?$`)
	pagerTextRE  = regexp.MustCompile(`^(下一页|下页|后页|尾页|末页|上一页|上页|前页|\d{1,3}|第\d{1,3}页|>|>>|›|»)$`)
	attachmentRE = regexp.MustCompile(`(?i)\.(pdf|docx?|wps)$`)
)

// Reasons a report-like link is passed over.
const (
	skipNotReport = "title says it is not a report (notice, plan, 图解…)"
	skipTitle     = "title does not match the source's title pattern"
	skipDenied    = "denied by the source's allow/deny patterns"
	skipRobots    = "disallowed by robots.txt"
	// skipRobotsDown: RFC 9309 §2.3.1.3, a host whose robots.txt answers
	// 5xx or cannot be reached is not crawled until it can be read.
	skipRobotsDown = "robots.txt unreachable or 5xx: host disallowed this pass"
	skipDuplicate  = "same document as another link (redirect or same content)"
)

// isReportTitle reports whether a link title names an annual report on
// government information disclosure, and, if not, whether it is one of
// the look-alikes (a notice, a plan) that should be counted as skipped.
func isReportTitle(title string) (report, lookalike bool) {
	if !touming.AnyYear.MatchString(title) || !reportWordRE.MatchString(title) || !subjectRE.MatchString(title) {
		return false, false
	}
	if touming.NotReportTitle.MatchString(title) {
		return false, true
	}
	return true, false
}

// isColumnLink reports whether a link leads toward the annual-report
// column: strong links name the column, weak ones the disclosure platform.
func isColumnLink(l link) (strong, weak bool) {
	if touming.AnyYear.MatchString(l.title) {
		return false, false // a dated link is an article, not a column
	}
	if columnTextRE.MatchString(l.title) || columnPathRE.MatchString(l.url.Path) {
		return true, false
	}
	return false, portalTextRE.MatchString(l.title) || portalPathRE.MatchString(l.url.Path)
}

// isPager reports whether a link on page is one of its column's pages.
func isPager(l link, page *url.URL) bool {
	return pagerTextRE.MatchString(l.title) && sameDir(l.url, page)
}

// isAttachment reports whether a URL names a PDF or Word file, in its
// path or, for download scripts (downfile.jsp?filename=x.pdf), its query.
func isAttachment(u *url.URL, title string) bool {
	if attachmentRE.MatchString(u.Path) || attachmentRE.MatchString(strings.TrimSpace(title)) {
		return true
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			if attachmentRE.MatchString(path.Base(v)) {
				return true
			}
		}
	}
	return false
}
