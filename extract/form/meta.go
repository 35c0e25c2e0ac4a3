package form

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/sheet"
)

var (
	// periodRe finds the statistics period the body states: 2024年1月1日.
	periodRe = regexp.MustCompile(`((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日`)
	// byRe finds 本报告由X编制/根据….
	byRe = regexp.MustCompile(`本(?:年度)?报告由(\p{Han}{2,30}?)(?:根据|依据|按照|依照|编制|负责)`)
	// selfRe finds how the body names its agency: 2024年，X坚持…
	selfRe = regexp.MustCompile(`(?:19|20)\d{2}\s*年(?:度)?\s*[，,]\s*(\p{Han}{2,30}?)(?:坚持|深入|认真|全面|严格|围绕|持续|紧紧|按照|在|以|紧扣|聚焦|始终|积极|进一步)`)
	// publishedRe finds 发布日期：2020-01-31 and the like.
	publishedRe = regexp.MustCompile(`(?:发布日期|发布时间|成文日期)\s*[:：]\s*((?:19|20)\d{2})[-年./](\d{1,2})[-月./](\d{1,2})`)
	// reportWords are stripped from a title to leave the agency.
	reportWords = regexp.MustCompile(`(?:关于)?(?:(?:19|20)\d{2}\s*年度?)?\s*(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告.*$`)
	// officeOf is a government's general office, which compiles the
	// government's report: 某县人民政府办公室.
	officeOf = regexp.MustCompile(`^(\p{Han}+人民政府)办公(?:室|厅)$`)
	// agencySuffix ends the name of a body rather than of a place.
	agencySuffix = regexp.MustCompile(`(?:政府|办公室|办公厅|局|委员会|管委会|委|厅|署|中心|院|办|会|所|站|队|处|部|公司|街道办事处|法院|检察院)$`)
)

// metaOf reads a report's agency (发布机关), year covered and publication
// date from its title and text.
func metaOf(title, body string) touming.Meta {
	m := touming.Meta{Title: title}
	body = head(body)
	m.Year = yearOf(m.Title, body)
	m.Agency = agencyOf(m.Title, body)
	if !strings.Contains(body, "日期") && !strings.Contains(body, "时间") {
		return m
	}
	if p := publishedRe.FindStringSubmatch(body); p != nil {
		m.Published = p[1] + "-" + pad2(p[2]) + "-" + pad2(p[3])
		m.PublishedFrom = "page"
	}
	return m
}

// published fills in the date the file states outside its text when the
// text printed none.
func published(m *touming.Meta, doc sheet.Doc) {
	if m.Published == "" && doc.Published != "" {
		m.Published, m.PublishedFrom = doc.Published, doc.PublishedFrom
	}
}

// metaSpan is how much of a document's text the metadata is looked for in
// (sheet.MetaSpan): title, period and the opening paragraph come first,
// and the patterns need not scan a long annex.
const metaSpan = sheet.MetaSpan

// head returns the first metaSpan bytes of s, cut at a rune boundary.
func head(s string) string {
	if len(s) <= metaSpan {
		return s
	}
	i := metaSpan
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// yearOf is the year the report covers: from the title, else from the
// statistics period, else the first year the body names.
func yearOf(title, body string) int {
	for _, re := range []*regexp.Regexp{touming.TitleYear, periodRe} {
		src := body
		if re == touming.TitleYear {
			src = title
		}
		if m := re.FindStringSubmatch(src); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y
		}
	}
	if m := touming.TitleYear.FindStringSubmatch(body); m != nil {
		y, _ := strconv.Atoi(m[1])
		return y
	}
	return 0
}

// agencyOf is the body the report is about, never doubled (undouble):
// see agencyFrom.
func agencyOf(title, body string) string { return undouble(agencyFrom(title, body)) }

// agencyFrom is the body the report is about: the title without its year
// and report words; else the body's 本报告由X, the compiling office named
// for the government it works for (X人民政府办公室 → X人民政府); else how
// the body names itself (2024年，X坚持…). A place name there (平潭综合实验区)
// becomes its governing body with the name as printed kept in brackets:
// 平潭综合实验区管委会（平潭综合实验区）.
func agencyFrom(title, body string) string {
	if a := strings.Trim(reportWords.ReplaceAllString(touming.TitleYear.ReplaceAllString(title, ""), ""), " 　:：《》“”\"'"); a != "" && utf8.RuneCountInString(a) >= 2 {
		return strings.TrimPrefix(a, "关于")
	}
	if m := byRe.FindStringSubmatch(body); m != nil {
		return officeOf.ReplaceAllString(m[1], "$1")
	}
	m := selfRe.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	place := m[1]
	if agencySuffix.MatchString(place) {
		return place
	}
	flat := strings.NewReplacer("\n", "", "\r", "", " ", "").Replace(body) // a word may wrap across lines
	switch {
	case strings.Contains(flat, "管委会") || strings.Contains(flat, "管理委员会"):
		return place + "管委会（" + place + "）"
	case strings.HasSuffix(place, "市") || strings.HasSuffix(place, "县") || strings.HasSuffix(place, "区") || strings.HasSuffix(place, "镇") || strings.HasSuffix(place, "乡"):
		return place + "人民政府（" + place + "）"
	}
	return place
}

// undouble removes a name printed twice: 某县人民政府某县人民政府, or
// 某县人民政府（某县人民政府） (a title joined from a site header and its
// heading, or a place made its body when it already was one).
func undouble(a string) string {
	rs := []rune(a)
	if n := len(rs); n >= 4 && n%2 == 0 && string(rs[:n/2]) == string(rs[n/2:]) {
		return string(rs[:n/2])
	}
	if i := strings.Index(a, "（"); i > 0 && strings.HasSuffix(a, "）") && a[i+len("（"):len(a)-len("）")] == a[:i] {
		return a[:i]
	}
	return a
}
