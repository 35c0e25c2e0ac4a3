package form

import (
	"slices"
	"strings"
)

// match4 names a column of table 四 from its header cells: the group from
// any of them, the result from the lowest.
func match4(hdr []string) string {
	all := strings.Join(hdr, "")
	group := ""
	switch {
	case strings.Contains(all, "未经复议") || strings.Contains(all, "直接起诉"):
		group = "lit_direct"
	case strings.Contains(all, "复议后"):
		group = "lit_after_review"
	case strings.Contains(all, "复议"):
		group = "review"
	default:
		return ""
	}
	leaf := hdr[len(hdr)-1]
	for _, c := range reviewCols {
		for _, w := range c.words {
			if strings.Contains(leaf, w) {
				return group + "." + c.suffix
			}
		}
	}
	return ""
}

// reviewOrder is table 四's fifteen columns in the form's order.
func reviewOrder() []string {
	var out []string
	for _, g := range reviewGroups {
		for _, c := range reviewCols {
			out = append(out, g+"."+c.suffix)
		}
	}
	return out
}

// table4 reads table 四. In a grid the header names each column; in text
// the values of its rows, taken together, follow the form's order.
func (s *sink) table4(ls []line) {
	recs := regionRecords(ls, match4)
	var text []record
	for _, r := range recs {
		if r.cols != nil {
			for i, p := range r.vals {
				s.put(r.cols[i], "四", p, r.row, "", r.cols[i], false)
			}
			continue
		}
		text = append(text, r)
	}
	if len(text) == 0 {
		return
	}
	all := text[0]
	for _, r := range text[1:] {
		all.vals = append(all.vals, r.vals...)
	}
	order := reviewOrder()
	if v := fit(all.vals, len(order)); v != nil {
		for i, p := range v {
			s.put(order[i], "四", p, all.row, "", order[i], false)
		}
		return
	}
	for i, c := range byPosition(all.vals, headerCenters4(ls, len(order))) {
		s.put(order[c], "四", all.vals[i], all.row, "", order[c], false)
	}
}

// resultWords name table 四's result columns in a header broken over lines
// (结果 alone does not: it heads both 维持 and 纠正).
var resultWords = []string{"维持", "纠正", "其他", "尚未", "审结", "总计"}

// headerCenters4 finds table 四's columns in a text header when a row of
// numbers lost its blank cells: the header words' positions, merged where
// they stack in one column, must give exactly n columns.
func headerCenters4(ls []line, n int) []float64 {
	var xs []float64
	for _, l := range ls {
		if l.hasNumber() || l.grid != -1 {
			continue
		}
		for _, p := range l.pieces {
			if count(p.Key, resultWords) > 0 {
				xs = append(xs, p.center())
			}
		}
	}
	slices.Sort(xs)
	var centers []float64
	for i := 0; i < len(xs); {
		j := i + 1
		for j < len(xs) && xs[j]-xs[j-1] <= 2.5 {
			j++
		}
		centers = append(centers, (xs[i]+xs[j-1])/2)
		i = j
	}
	if len(centers) != n {
		return nil
	}
	return centers
}
