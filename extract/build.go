package extract

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/touming/touming"
)

// minValues is the fewest cells a document must yield to count as having
// its standard tables read.
const minValues = 5

// notReportTitle marks documents about the reports rather than reports:
// notices, work plans, picture explanations, drafts.
var notReportTitle = regexp.MustCompile(`通知|工作要点|图解|一图读懂|图说|解读|征求意见|草案|草稿|目录|指南|模板|格式`)

// sharedModel is the field model, built on first use and never changed
// after: every reader (HTML, text, PDF, Word) interprets with it, and
// building it per document would cost more than reading a small page.
var sharedModel = sync.OnceValue(newModel)

// build interprets the lines of a document (grid rows, headings, text
// lines) as a report.
func build(name string, ls []line, title, body string) (*touming.Report, error) {
	meta := metaOf(title, body)
	if meta.Title != "" && notReportTitle.MatchString(meta.Title) {
		return nil, fmt.Errorf("%w: titled %q", touming.ErrNotReport, meta.Title)
	}
	m := sharedModel()
	r2, r3, r4 := regions(ls)
	t := detectTemplate(r2, r3)
	s := newSink(m)
	s.table2(t, r2)
	other := s.table3(t, r3)
	s.table4(r4)
	if s.filled() < minValues {
		return nil, noTables(meta, body)
	}
	rep := &touming.Report{Template: t, Meta: meta, Values: map[string]*float64{}, Cells: s.cells}
	for _, k := range m.keysFor(t, other) {
		rep.Values[k] = s.values[k]
	}
	rep.Checks = m.checks(rep.Values, m.defsFor(t, other))
	return rep, nil
}

// noTables tells a report whose tables could not be read (images, say) from
// a page that is no report at all: a report prints its parts (总体情况, …),
// a list page names several reports and prints none.
func noTables(meta touming.Meta, body string) error {
	f := fold(body)
	parts := strings.Contains(f, "总体情况") && (strings.Contains(f, "主动公开政府信息情况") || strings.Contains(f, "收到和处理政府信息公开申请"))
	switch {
	case parts:
		return fmt.Errorf("%w: no table 二, 三 or 四 could be read", touming.ErrNoTables)
	case reportTitles(body) > 1:
		return fmt.Errorf("%w: a list of reports", touming.ErrNotReport)
	case strings.Contains(fold(meta.Title), "年度报告"):
		return fmt.Errorf("%w: no table 二, 三 or 四 could be read", touming.ErrNoTables)
	}
	return fmt.Errorf("%w: no report title and no standard tables", touming.ErrNotReport)
}

// reportTitles counts the distinct short lines that name a year's report.
func reportTitles(body string) int {
	seen := map[string]bool{}
	for _, l := range strings.Split(body, "\n") {
		t := squash(l)
		if n := len(t); n > 12 && n < 300 && strings.Contains(t, "年度报告") && yearRe.MatchString(t) {
			seen[t] = true
		}
	}
	return len(seen)
}

// fromGrids interprets tables that a structured reader (DOCX) found, with
// the document's plain text for metadata (title, agency, year).
func fromGrids(name string, grids []Grid, text string) (*touming.Report, error) {
	var ls []line
	ids := 0
	for g, grid := range grids {
		for r, row := range grid {
			l := line{row: r, grid: g}
			for c, s := range row {
				ids++
				p := mkPiece(s, c, c+1, ids)
				if c > 0 && p.key != "" && !p.isValue() && l.pieces[c-1].raw == p.raw {
					p.id = l.pieces[c-1].id // a label spanning columns is one cell
				}
				l.pieces = append(l.pieces, p)
			}
			if len(l.pieces) > 0 {
				ls = append(ls, l)
			}
		}
	}
	return build(name, ls, textTitle(strings.Split(text, "\n")), text)
}
