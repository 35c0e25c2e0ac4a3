package extract

import "strings"

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
	}
}
