package form

import (
	"fmt"
	"strings"
	"sync"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"
)

// minValues is the fewest cells a document must yield to count as having
// its standard tables read.
const minValues = 5

// sharedModel is the field model, built on first use and never changed
// after: every reader (HTML, text, PDF, Word) interprets with it, and
// building it per document would cost more than reading a small page.
var sharedModel = sync.OnceValue(newModel)

// Read interprets a document's lines (grid rows, headings, text lines)
// as a report of the national form. The error wraps touming.ErrNotReport
// or touming.ErrNoTables when it is either.
func Read(doc sheet.Doc) (*touming.Report, error) {
	body := doc.Body
	meta := metaOf(doc.Title, body)
	published(&meta, doc)
	if meta.Title != "" && (touming.NotReportTitle.MatchString(meta.Title) || touming.DraftTitle.MatchString(meta.Title)) {
		return nil, fmt.Errorf("%w: titled %q", touming.ErrNotReport, meta.Title)
	}
	m := sharedModel()
	r2, r3, r4 := regions(linesOf(doc.Lines))
	t := detectTemplate(r2, r3)
	s := newSink(m)
	s.table2(t, r2)
	other := s.table3(t, r3)
	s.table4(r4)
	found := [3]bool{r2 != nil, r3 != nil, r4 != nil}
	if s.filled() < minValues {
		return nil, s.noValues(meta, doc, found, [][]line{r2, r3, r4})
	}
	rep := &touming.Report{Template: t, Meta: meta, Values: map[string]*float64{}, Cells: s.cells, Tables: s.tablesRead(t, s.rows3, found)}
	for _, k := range m.keysFor(t, other) {
		rep.Values[k] = s.values[k]
	}
	rep.Checks = m.checks(rep.Values, m.defsFor(t, other))
	rep.Sections = sections(doc)
	return rep, nil
}

// minFormRows is how many of table 三's row labels a document must print
// to hold the table itself, not only its heading (tables printed as
// images keep the headings).
const minFormRows = 6

// formRows counts the lines of ls that print a row label of table 三.
func (m *model) formRows(ls []line) int {
	n := 0
	for _, l := range ls {
		k := l.text()
		for _, sp := range m.rows21 {
			if len(sp.label) >= 6 && strings.Contains(k, sp.label) {
				n++
				break
			}
		}
	}
	return n
}

// noValues explains a document of which fewer than minValues values were
// read: a blank form (the tables are there, with no number in them), tables
// whose rows could not be placed (named), or no tables at all (noTables).
func (s *sink) noValues(meta touming.Meta, doc sheet.Doc, found [3]bool, regions [][]line) error {
	numbers := false
	for _, r := range regions {
		for _, l := range r {
			numbers = numbers || l.hasNumber()
		}
	}
	switch {
	case !numbers && s.m.formRows(regions[1]) >= minFormRows:
		return fmt.Errorf("%w: blank form (the tables are printed with no number in them)", touming.ErrNotReport)
	case numbers:
		if err := s.unplacedError(); err != nil {
			return err
		}
	}
	if len(doc.Attachments) > 0 && pointsToAttachment(doc.Body) {
		return &touming.InAttachment{Links: doc.Attachments}
	}
	return noTables(meta, doc.Body)
}

// attachmentWords are what a report's page prints when the report itself
// is attached: 全文详见附件, 点击下载, 附件下载, 请查看附件.
var attachmentWords = []string{"详见附件", "见附件", "点击下载", "附件下载", "查看附件", "下载附件", "附件："}

// pointsToAttachment reports whether a page says its report is attached.
func pointsToAttachment(body string) bool {
	f := sheet.Fold(head(body))
	for _, w := range attachmentWords {
		if strings.Contains(f, sheet.Fold(w)) {
			return true
		}
	}
	return false
}

// noTables tells a report whose tables could not be read (images, say) from
// a page that is no report at all: a report prints its parts (总体情况, …),
// a list page names several reports and prints none.
func noTables(meta touming.Meta, body string) error {
	f := sheet.Fold(body)
	parts := strings.Contains(f, "总体情况") && (strings.Contains(f, "主动公开政府信息情况") || strings.Contains(f, "收到和处理政府信息公开申请"))
	switch {
	case parts:
		return fmt.Errorf("%w: no table 二, 三 or 四 could be read", touming.ErrNoTables)
	case reportTitles(body) > 1:
		return fmt.Errorf("%w: a list of reports", touming.ErrNotReport)
	case strings.Contains(sheet.Fold(meta.Title), "年度报告"):
		return fmt.Errorf("%w: no table 二, 三 or 四 could be read", touming.ErrNoTables)
	}
	return fmt.Errorf("%w: no report title and no standard tables", touming.ErrNotReport)
}

// reportTitles counts the distinct short lines that name a year's report.
func reportTitles(body string) int {
	seen := map[string]bool{}
	for _, l := range strings.Split(body, "\n") {
		t := sheet.Squash(l)
		if n := len(t); n > 12 && n < 300 && strings.Contains(t, "年度报告") && touming.TitleYear.MatchString(t) {
			seen[t] = true
		}
	}
	return len(seen)
}
