package form

import (
	"regexp"
	"strings"

	"github.com/touming/touming"
)

// record is one row of numbers as read, with the labels that name it.
type record struct {
	leaf string // the row's own label: the last label cell on it
	ctx  string // other label cells on the row and the fragments before it
	// after holds the label fragments between this row and the next: the
	// end of a wrapped label, or (one cell per line) the next row's label.
	after string
	// near is the label fragment just above the row, which names a row
	// printed without a label of its own (one cell per line).
	near string
	vals []piece  // the value cells, in printed order
	cols []string // the column of each value when the grid tells it; nil in text
	row  int
	page int // the text page it was printed on
	// tabular is true for tab- or |-separated text, where an empty field is a
	// blank cell.
	tabular bool
}

// textRecords groups text lines into records: each run of value cells with
// the label cells before it on its line, and the label fragments on the
// lines between (labels wrap over lines in pdftotext output). Lines holding
// a single value each (one cell per line) are joined into one record.
func textRecords(ls []line) []record {
	var out []record
	var frag strings.Builder
	lastSingle, near, marked := false, "", false
	for _, l := range ls {
		for _, seg := range segments(l) {
			labels, vals := seg.labels, seg.vals
			if len(vals) == 0 {
				k := strings.Join(labels, "")
				near, marked = nearLabel(near, k, marked, seg.numbered)
				frag.WriteString(k)
				lastSingle = false
				continue
			}
			single := len(l.pieces) == 1 && len(labels) == 0
			if single && lastSingle && frag.Len() == 0 {
				out[len(out)-1].vals = append(out[len(out)-1].vals, vals...)
				continue
			}
			if n := len(out); n > 0 {
				out[n-1].after = frag.String()
			}
			r := record{vals: vals, row: l.row, page: l.page, tabular: seg.tabular, ctx: frag.String(), near: near}
			if len(labels) > 0 {
				r.leaf = labels[len(labels)-1]
				r.ctx += strings.Join(labels[:len(labels)-1], "")
			}
			frag.Reset()
			near, marked = "", false
			out = append(out, r)
			lastSingle = single
		}
	}
	if n := len(out); n > 0 {
		out[n-1].after = frag.String()
	}
	return out
}

// label names the record's row, matched to sp, for people: the grid's label
// cells; in text the row's own label when it says most of sp's, else with
// the line above it (a wrapped label, or one cell per line).
func (r record) label(sp rowSpec) string {
	switch {
	case r.cols != nil:
		return r.ctx + r.leaf
	case cover(gramsOf(r.leaf), sp.pairs) >= 0.6:
		return r.leaf
	}
	return r.near + r.leaf
}

type segment struct {
	labels   []string
	vals     []piece
	tabular  bool
	numbered bool // its first label starts with a row's number: 1. （三） 四、
}

// rowNumber matches the number a row's label starts with.
var rowNumber = regexp.MustCompile(`^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)`)

// nearLabel adds a label-only line k to the label fragment above the next
// row: from the last line that starts with a row's number (the start of a
// label wrapped over lines; what lies above it are other rows' labels, left
// blank and so unprinted), else the line itself.
func nearLabel(near, k string, marked, numbered bool) (string, bool) {
	switch {
	case numbered:
		return k, true
	case marked:
		return near + k, true
	}
	return k, false
}

// segments splits a line where a label follows values: a |-flattened page
// puts many rows on one line.
func segments(l line) []segment {
	tab := l.grid == -2
	var out []segment
	cur := segment{tabular: tab}
	for _, p := range l.pieces {
		blank := strings.TrimSpace(p.Raw) == ""
		switch {
		case blank && (!tab || len(cur.labels) == 0 && len(cur.vals) == 0):
		case blank || p.isValue():
			cur.vals = append(cur.vals, p)
		default:
			if len(cur.vals) > 0 {
				out = append(out, cur)
				cur = segment{tabular: tab}
			}
			if len(cur.labels) == 0 {
				cur.numbered = rowNumber.MatchString(p.Raw)
			}
			cur.labels = append(cur.labels, p.Key)
		}
	}
	if len(cur.labels) > 0 || len(cur.vals) > 0 {
		out = append(out, cur)
	}
	return out
}

// fit maps a text record's values onto n columns: trailing then leading
// blank fields are dropped until the count fits; a row with more numbers
// keeps the last n. It returns nil when the row has fewer values than
// columns (the caller then places them by position).
func fit(vals []piece, n int) []piece {
	for len(vals) > n && blankPiece(vals[len(vals)-1]) {
		vals = vals[:len(vals)-1]
	}
	for len(vals) > n && blankPiece(vals[0]) {
		vals = vals[1:]
	}
	switch {
	case len(vals) == n:
		return vals
	case len(vals) > n:
		return vals[len(vals)-n:]
	}
	return nil
}

func blankPiece(p piece) bool { return p.value().Class == touming.ClassBlank }

// byPosition places values that are fewer than the columns by their
// horizontal position: in order, each near its column's centre (see
// placeAt). centers come from the rows that had every column, or the header.
func byPosition(vals []piece, centers []float64) []int {
	if len(centers) == 0 {
		return nil
	}
	xs := make([]float64, len(vals))
	for i, v := range vals {
		xs[i] = v.center()
	}
	return placeAt(xs, centers)
}

// centersOf learns each column's centre from the records that filled every
// column: the mean position of their values.
func centersOf(recs []record, n int) []float64 {
	sum := make([]float64, n)
	k := 0
	for _, r := range recs {
		v := fit(r.vals, n)
		if v == nil || len(r.vals) != n {
			continue
		}
		for i, p := range v {
			sum[i] += p.center()
		}
		k++
	}
	if k == 0 {
		return nil
	}
	for i := range sum {
		sum[i] /= float64(k)
	}
	return sum
}
