package sheet

import (
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
)

// TextTitle joins the first lines of a text up to the one that names the
// report (…年度报告), for a title printed over two lines; "" when none of
// the first six does.
func TextTitle(lines []string) string {
	var b strings.Builder
	seen := 0
	for _, s := range lines {
		t := SquashCJK(s)
		if t == "" {
			continue
		}
		if seen++; seen > 6 || utf8.RuneCountInString(b.String()+t) > 80 {
			return ""
		}
		b.WriteString(t)
		if strings.Contains(Fold(t), "年度报告") {
			return b.String()
		}
	}
	return ""
}

// TitleOf picks a structured document's title: a short line near the top
// of the body that names a year's report, preferring one that agrees with
// the page's own title (<title>, the file's properties) as a menu or a
// list of related reports may name other years' reports first; else the
// page's title itself when it names a report.
func TitleOf(pageTitle, body string) string {
	page := SquashCJK(pageTitle)
	if i := strings.IndexAny(page, "-_|—"); i > 0 && strings.Contains(page[:i], "年度报告") {
		page = strings.TrimSpace(page[:i])
	}
	first := ""
	for i, l := range strings.SplitN(body, "\n", 60) {
		if i >= 59 {
			break
		}
		if !strings.Contains(l, "报告") || len(l) > 400 {
			continue
		}
		t := SquashCJK(l)
		if n := utf8.RuneCountInString(t); n < 8 || n > 80 || !strings.Contains(t, "年度报告") || strings.HasPrefix(t, "本") || !touming.TitleYear.MatchString(t) {
			continue
		}
		if page == "" || strings.Contains(page, t) || strings.Contains(t, page) {
			return t
		}
		if first == "" {
			first = t
		}
	}
	if strings.Contains(page, "年度报告") {
		return page
	}
	return first
}
