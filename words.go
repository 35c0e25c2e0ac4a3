package touming

import "regexp"

// The words and year patterns that tell a report from the documents about
// reports, shared by the crawler (link titles) and extraction (the title a
// document prints) so that the two never disagree on what a report is.
var (
	// NotReportTitle matches a title that shares a report's words but
	// names a document about the reports: a notice (关于做好…年度报告…的
	// 通知), a work plan (工作要点), a picture explanation (图解) or a
	// reading of one (解读), a questionnaire, a review, a table of
	// contents, a guide or a template.
	NotReportTitle = regexp.MustCompile(`通知|工作要点|要点|图解|一图读懂|图说|解读|问答|考核|通报|情况说明|目录|指南|模板|格式`)
	// DraftTitle matches a draft's title (征求意见稿, 草案). The crawler
	// keeps drafts (the final may never be published where it looks) but
	// extraction reads no draft as a year's report.
	DraftTitle = regexp.MustCompile(`征求意见|草案|草稿`)
	// AnyYear finds a year of this century or the last: 2023.
	AnyYear = regexp.MustCompile(`(19|20)\d{2}`)
	// TitleYear finds the year a title names, its first group the year:
	// 2023年, 2023 年度.
	TitleYear = regexp.MustCompile(`((?:19|20)\d{2})\s*年度?`)
)
