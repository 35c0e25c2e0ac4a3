package charts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// bodiesChanged tells, for whole-county sums, the counties whose set of
// bodies differs between two consecutive selected years that both have
// reports: their sums are not like with like, and the page flags them.
func bodiesChanged(d *compareData) map[string]string {
	if !d.Sum {
		return nil
	}
	if d.changed != nil {
		return d.changed
	}
	d.changed = map[string]string{}
	for _, c := range d.Counties {
		var notes []string
		for i := 1; i < len(d.Years); i++ {
			a, b := c.Years[d.Years[i-1]], c.Years[d.Years[i]]
			if a == nil || b == nil {
				continue
			}
			as, bs := sortedIDs(a.Agencies), sortedIDs(b.Agencies)
			gone, came := diffIDs(as, bs), diffIDs(bs, as)
			if gone+came > 0 {
				notes = append(notes, fmt.Sprintf("%d→%d：新增%d个、减少%d个机关", d.Years[i-1], d.Years[i], came, gone))
			}
		}
		if len(notes) > 0 {
			d.changed[c.Code] = strings.Join(notes, "；")
		}
	}
	return d.changed
}

// sortedIDs is a sorted copy of ids.
func sortedIDs(ids []int64) []int64 {
	s := slices.Clone(ids)
	slices.Sort(s)
	return s
}

// diffIDs counts the ids of a not in b, both sorted (a merge: a whole
// county at a million reports has some 50 bodies a year).
func diffIDs(a, b []int64) int {
	n, j := 0, 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			n++
		}
	}
	return n
}

// bodiesPanel is the table of how many bodies each whole-county total
// sums, per county and year, and the notes of the counties flagged.
func bodiesPanel(d *compareData, link func(string) string) (panel, []string) {
	t := &touming.Table{Columns: []string{"区划代码", "地区"}}
	for _, y := range d.Years {
		t.Columns = append(t.Columns, strconv.Itoa(y))
	}
	t.Columns = append(t.Columns, "机关组成变化")
	changed := bodiesChanged(d)
	var notes []string
	for _, c := range d.Counties {
		row := []any{c.Code, c.Name}
		for _, y := range d.Years {
			if cy := c.Years[y]; cy != nil {
				row = append(row, int64(len(cy.Reports)))
			} else {
				row = append(row, nil)
			}
		}
		row = append(row, changed[c.Code])
		t.Rows = append(t.Rows, row)
		if changed[c.Code] != "" {
			notes = append(notes, c.Name+"："+changed[c.Code])
		}
	}
	return panel{Name: "bodies", Title: "全县合计所含机关数", Data: t, CSV: link("bodies"),
		Note: "每个合计是该县该年所有机关报告之和；机关组成在两年间有变化的县在图中以 * 标出，其合计不宜直接比较。"}, notes
}
