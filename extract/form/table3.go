package form

import (
	"slices"
	"strings"

	"github.com/touming/touming"
)

// match3 names a column of table 三 from its header cells.
func match3(hdr []string) string {
	leaf := hdr[len(hdr)-1]
	if strings.Contains(leaf, "小计") {
		return "-"
	}
	for _, c := range applicantCols {
		if c.suffix == "other_org" {
			if leaf == "其他" || leaf == "其他组织" {
				return c.suffix
			}
			continue
		}
		for _, w := range c.words {
			if strings.Contains(leaf, w) && !strings.Contains(leaf, "勾稽") {
				return c.suffix
			}
		}
	}
	return ""
}

// textColumns3 reads which of table 三's columns a text header prints, in
// the form's order; 小计 (a subtotal the form lacks) becomes "-". A header
// that cannot be read gives the form's seven.
func textColumns3(ls []line) []string {
	var b strings.Builder
	for _, l := range ls {
		if l.hasNumber() {
			break
		}
		if l.grid < 0 {
			b.WriteString(l.text())
		}
	}
	h := strings.NewReplacer("法人或其他组织", "", "其他情形", "", "其他法律", "").Replace(b.String())
	var out []string
	for _, c := range applicantCols {
		for _, w := range c.words {
			if strings.Contains(h, w) {
				if c.suffix == "total" && strings.Contains(h, "小计") {
					out = append(out, "-")
				}
				out = append(out, c.suffix)
				break
			}
		}
	}
	if !plausible3(out) {
		out = stackedColumns3(ls) // labels wrapped a character or two per line
	}
	if !plausible3(out) {
		out = out[:0]
		for _, c := range applicantCols {
			out = append(out, c.suffix)
		}
	}
	return out
}

// joinedText is the lines' label keys joined: a label wrapped over narrow
// lines (不补 / 正) is found whole.
func joinedText(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text())
	}
	return b.String()
}

// rows3 picks table 三's row sequence: a 2021 report printed with the
// single （六）其他处理 row (no 逾期不补正 sub-row) uses apply.other_total.
func (m *model) rows3(t touming.Template, ls []line) ([]rowSpec, bool) {
	if t == touming.Template2019 {
		return m.rows19, false
	}
	if k := joinedText(ls); strings.Contains(k, "不补正") || strings.Contains(k, "缴纳费用") || strings.Contains(k, "收费通知") {
		return m.rows21, false
	}
	return m.rows21other, true
}

// table3 reads table 三 and reports whether it used apply.other_total.
func (s *sink) table3(t touming.Template, ls []line) bool {
	specs, other := s.m.rows3(t, ls)
	s.rows3 = specs
	recs := regionRecords(ls, match3)
	cols := reconcile(textColumns3(ls), recs)
	calibrate(recs, len(cols))
	centers, pos := centersOf(textOnly(recs), len(cols)), cols
	if centers == nil {
		if hc := headerCenters3(ls, cols); hc != nil && overValues(recs, hc) {
			centers, pos = refine(recs, hc, cols)
		}
	}
	for i, j := range align(recs, specs) {
		switch {
		case j >= 0:
			s.putRow(recs[i], specs[j], "三", cols, pos, centers)
		case hasNumber(recs[i].vals):
			s.unplaced("三", recs[i].near+recs[i].ctx+recs[i].leaf)
		}
	}
	return other
}

// putRow records one row's values under the template row sp: by the
// grid's columns, or for text by count against cols, or else by position
// under the columns pos ("-" for a column whose position is not known).
func (s *sink) putRow(r record, sp rowSpec, table string, cols, pos []string, centers []float64) {
	label, prefix := r.label(sp), sp.prefix
	if r.cols != nil {
		for i, p := range r.vals {
			s.put(prefix+"."+r.cols[i], table, p, r.row, label, r.cols[i], false)
		}
		return
	}
	if v := fit(r.vals, len(cols)); v != nil {
		for i, p := range v {
			if cols[i] != "-" {
				s.put(prefix+"."+cols[i], table, p, r.row, label, cols[i], false)
			}
		}
		return
	}
	if r.tabular { // tab- or |-separated fields have no position to place them by
		s.unplaced(table, label)
		return
	}
	for i, c := range byPosition(r.vals, centers) {
		if pos[c] != "-" {
			s.put(prefix+"."+pos[c], table, r.vals[i], r.row, label, pos[c], false)
		}
	}
}

func textOnly(recs []record) []record {
	var out []record
	for _, r := range recs {
		if r.cols == nil {
			out = append(out, r)
		}
	}
	return out
}

// reconcile trusts the rows over a text header that lost a column: when
// most rows print the form's seven numbers (eight with a 小计 the header
// names) and the header gave another count, the form's columns are used.
func reconcile(cols []string, recs []record) []string {
	counts := map[int]int{}
	best, n := 0, 0
	for _, r := range recs {
		if r.cols != nil {
			continue
		}
		counts[len(r.vals)]++
		if counts[len(r.vals)] > n {
			best, n = len(r.vals), counts[len(r.vals)]
		}
	}
	sub := slices.Contains(cols, "-")
	if len(cols) == best || best != len(applicantCols) && !(sub && best == len(applicantCols)+1) {
		return cols
	}
	out := make([]string, 0, best)
	for _, c := range applicantCols {
		if c.suffix == "total" && best > len(applicantCols) {
			out = append(out, "-")
		}
		out = append(out, c.suffix)
	}
	return out
}
