package sheet

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
)

// TextTitle joins the first lines of a text up to the one that names the
// report (…年度报告) with its year, for a title printed over two lines; ""
// when none of the first six does.
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
			if !touming.TitleYear.MatchString(b.String()) {
				return "" // a site's header or menu (…>年度报告), not a report's title
			}
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
	first, prev := "", ""
	for i, l := range strings.SplitN(body, "\n", 60) {
		if i >= 59 {
			break
		}
		if !strings.Contains(l, "报告") || len(l) > 400 {
			if strings.TrimSpace(l) != "" {
				prev = l
			}
			continue
		}
		t := SquashCJK(l)
		if n := utf8.RuneCountInString(t); n < 8 || n > 80 || !strings.Contains(t, "年度报告") || strings.HasPrefix(t, "本") || !touming.TitleYear.MatchString(t) {
			prev = l
			continue
		}
		t = withFirstLine(prev, t)
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

// agencyLine is the first line of a title printed over two: the body's
// name alone (某某县人民政府), ending as a body's name does.
var agencyLine = regexp.MustCompile(`^\p{Han}{2,30}(?:政府|办公室|办公厅|局|委员会|管委会|委|厅|署|中心|院|办|会|所|站|队|处|部|公司|街道办事处|法院|检察院)$`)

// withFirstLine puts back the first line of a title printed over two
// lines (某某县人民政府 / 2023年政府信息公开工作年度报告) when the line
// that names the report starts at its year and names no body.
func withFirstLine(prev, t string) string {
	if len(prev) > 100 { // a body's name is short; narrative is not squashed for nothing
		return t
	}
	if loc := touming.TitleYear.FindStringIndex(t); loc != nil && loc[0] == 0 {
		if p := SquashCJK(prev); agencyLine.MatchString(p) {
			return p + t
		}
	}
	return t
}
