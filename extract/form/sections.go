package form

import (
	"regexp"
	"strings"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/sheet"
)

// sectionRe finds the heading of one of the form's six sections: 一、总体情况,
// 三、收到和处理政府信息公开申请情况 and the like (the words vary a little
// between agencies, the numbers and their order do not).
var sectionRe = regexp.MustCompile(`^\s*([一二三四五六])\s*[、.．，,]\s*(总体情况|概述|主动公开|收到和处理|政府信息公开行政复议|行政复议|存在的主要问题|存在问题|其他需要报告)`)

// sectionText caps a section's text: a narrative is a few thousand
// characters, and a text file's section 三 may carry the whole table.
const sectionText = 20000

// sections reads the six numbered sections of a document: from a heading
// to the next. The body holds every paragraph, long ones included (the
// lines keep only short ones), but a reader may cut it past a limit; the
// lines are the fallback when it holds no heading. A heading whose number
// does not follow the last (a list inside a section) is text.
func sections(doc sheet.Doc) []touming.Section {
	if out := sectionsOf(strings.Split(doc.Body, "\n")); len(out) > 0 {
		return out
	}
	var texts []string
	for _, l := range doc.Lines {
		if l.Kind != sheet.KindGrid {
			texts = append(texts, lineText(l))
		}
	}
	return sectionsOf(texts)
}

// sectionsOf splits text lines into sections.
func sectionsOf(lines []string) []touming.Section {
	var out []touming.Section
	var cur *touming.Section
	for _, text := range lines {
		if m := sectionRe.FindStringSubmatch(text); m != nil && after(out, m[1]) {
			out = append(out, touming.Section{Number: m[1], Title: strings.TrimSpace(text)})
			cur = &out[len(out)-1]
			continue
		}
		if cur != nil && len(cur.Text) < sectionText && strings.TrimSpace(text) != "" {
			cur.Text += text + "\n"
		}
	}
	return out
}

// after reports whether section number n may follow the sections found.
func after(found []touming.Section, n string) bool {
	if len(found) == 0 {
		return true
	}
	const order = "一二三四五六"
	return strings.Index(order, n) > strings.Index(order, found[len(found)-1].Number)
}

// lineText joins a line's cells as printed.
func lineText(l sheet.Line) string {
	parts := make([]string, 0, len(l.Cells))
	for i, c := range l.Cells {
		if i > 0 && c.ID == l.Cells[i-1].ID {
			continue
		}
		parts = append(parts, c.Raw)
	}
	return strings.Join(parts, " ")
}
