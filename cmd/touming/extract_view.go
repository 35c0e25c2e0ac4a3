package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/touming/touming"
)

// nullMark is how a null value (blank, dash, text or missing cell) prints.
const nullMark = "–"

// printTables prints a report's three tables with their Chinese labels, then
// the checks that did not hold.
func printTables(w io.Writer, res extractResult) error {
	fs := touming.MustFields()
	m := res.Meta
	title := m.Title
	if title == "" {
		title = "（页面未印标题 no title printed）"
	}
	fmt.Fprintf(w, "== %s\n%s\n机关 %s · 年度 %d · 模板 %s  (%s = 空白/无, null)\n", res.File, title, m.Agency, m.Year, *res.Template, nullMark)
	for _, tr := range res.Tables {
		if !tr.Whole() { // partial: say which table is missing or cut
			fmt.Fprintf(w, "部分 partial: 表%s %s\n", tr.Table, tr.Note)
		}
	}
	for _, t := range []struct{ table, title string }{
		{"二", "二、主动公开政府信息情况"},
		{"三", "三、收到和处理政府信息公开申请情况"},
		{"四", "四、政府信息公开行政复议、行政诉讼情况"},
	} {
		fmt.Fprintf(w, "\n%s\n", t.title)
		printTable(w, fs, t.table, res.Values)
	}
	printFailed(w, res.Checks)
	printOCR(w, res)
	return nil
}

// printTable lays out one table: rows by the form's row labels (their last
// part), columns by the column labels, in spec order.
func printTable(w io.Writer, fs touming.Fields, table string, values map[string]*float64) {
	var rows, cols []string
	cell := map[[2]string]string{}
	for _, f := range fs {
		v, ok := values[f.Key]
		if f.Table != table || !ok {
			continue
		}
		r, c := leaf(f.Row), leaf(f.Column)
		if table != "三" {
			c = f.Column // 本年增/减 is one label
		}
		rows, cols = addOnce(rows, r), addOnce(cols, c)
		cell[[2]string{r, c}] = format(v)
	}
	if table == "二" {
		for _, r := range rows {
			var parts []string
			for _, c := range cols {
				if v, ok := cell[[2]string{r, c}]; ok {
					parts = append(parts, c+" "+v)
				}
			}
			fmt.Fprintf(w, "  %s%s\n", pad(r, 24), strings.Join(parts, "   "))
		}
		return
	}
	grid(w, rows, cols, cell)
}

// grid prints a matrix with a header row, aligned by display width.
func grid(w io.Writer, rows, cols []string, cell map[[2]string]string) {
	const lw = 30
	fmt.Fprintf(w, "  %s", pad("", lw))
	for _, c := range cols {
		fmt.Fprintf(w, "%s", lpad(c, max(8, width(c)+2)))
	}
	fmt.Fprintln(w)
	for _, r := range rows {
		fmt.Fprintf(w, "  %s", pad(clip(r, lw-2), lw))
		for _, c := range cols {
			fmt.Fprintf(w, "%s", lpad(cell[[2]string{r, c}], max(8, width(c)+2)))
		}
		fmt.Fprintln(w)
	}
}

// printFailed lists the checks that did not hold.
func printFailed(w io.Writer, checks []touming.Check) {
	var failed []touming.Check
	for _, c := range checks {
		if !c.OK {
			failed = append(failed, c)
		}
	}
	fmt.Fprintf(w, "\n检查 checks: %d, 未通过 failed: %d\n", len(checks), len(failed))
	for _, c := range failed {
		fmt.Fprintf(w, "  %s %s: %s\n", c.Rule, c.Subject, c.Message)
	}
}

func leaf(label string) string { return label[strings.LastIndexByte(label, '/')+1:] }

func addOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func format(v *float64) string {
	if v == nil {
		return nullMark
	}
	// 'f' with the shortest precision: 3985758 stays 3985758, never 3.985758e+06.
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// width is the display width of s: CJK characters take two columns.
func width(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || r == '“' || r == '”' {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func pad(s string, n int) string  { return s + strings.Repeat(" ", max(1, n-width(s))) }
func lpad(s string, n int) string { return strings.Repeat(" ", max(1, n-width(s))) + s }

// clip shortens s to at most n columns, marking the cut.
func clip(s string, n int) string {
	if width(s) <= n {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && width(string(rs))+1 > n {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}
