package form

import "strings"

// colMatcher names a grid column from its header cells, top to bottom; it
// returns "" for a label column and "-" for a column to ignore (a subtotal
// that the form does not have).
type colMatcher func(hdr []string) string

// gridRecords reads the lines of one grid within a table's region. The
// leading rows without numbers are its header and name the columns; when a
// grid has no header (a table continued in a second <table>), prev, the
// previous grid's columns, is used if it names any. It returns the records
// and the columns used.
func gridRecords(ls []line, match colMatcher, prev map[int]string) ([]record, map[int]string) {
	h := 0
	for h < len(ls) && !ls[h].hasNumber() {
		h++
	}
	cols := headerColumns(ls[:h], match)
	if len(cols) == 0 {
		cols = prev
	}
	if len(cols) == 0 { // no header at all: read the rows as tab-separated text
		return textRecords(asTabular(ls)), nil
	}
	var out []record
	for _, l := range ls[h:] {
		if r, ok := gridRecord(l, cols); ok {
			out = append(out, r)
		}
	}
	return out, cols
}

// asTabular turns grid rows into tab-separated text lines: each cell once,
// an empty cell a blank field.
func asTabular(ls []line) []line {
	out := make([]line, len(ls))
	for i, l := range ls {
		out[i] = line{pieces: l.printed(), row: l.row, grid: -2}
	}
	return out
}

// headerColumns names each grid column from the header rows above it.
func headerColumns(hdr []line, match colMatcher) map[int]string {
	width := 0
	for _, l := range hdr {
		width = max(width, len(l.pieces))
	}
	cols := map[int]string{}
	for c := 0; c < width; c++ {
		var keys []string
		for _, l := range hdr {
			if c < len(l.pieces) && l.pieces[c].Key != "" && (len(keys) == 0 || keys[len(keys)-1] != l.pieces[c].Key) {
				keys = append(keys, l.pieces[c].Key)
			}
		}
		if len(keys) > 0 {
			if name := match(keys); name != "" {
				cols[c] = name
			}
		}
	}
	return cols
}

// gridRecord splits one grid row into its label cells and the values under
// named columns.
func gridRecord(l line, cols map[int]string) (record, bool) {
	r := record{row: l.row, vals: make([]piece, 0, len(cols)), cols: make([]string, 0, len(cols))}
	var labels []string
	lastID := 0
	for c, p := range l.pieces {
		name, named := cols[c]
		switch {
		case named && name != "-":
			r.vals = append(r.vals, p)
			r.cols = append(r.cols, name)
		case named:
		case p.Key != "" && p.ID != lastID && !p.isValue():
			labels = append(labels, p.Key)
		}
		lastID = p.ID
	}
	if len(r.vals) == 0 {
		return r, false
	}
	if len(labels) > 0 {
		r.leaf = labels[len(labels)-1]
		r.ctx = strings.Join(labels[:len(labels)-1], "")
	}
	return r, true
}

// regionRecords reads every record of a region in document order: grids
// through their headers, text through textRecords.
func regionRecords(ls []line, match colMatcher) []record {
	var out []record
	var prev map[int]string
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && ls[j].grid == ls[i].grid {
			j++
		}
		if ls[i].grid >= 0 {
			var recs []record
			recs, prev = gridRecords(ls[i:j], match, prev)
			out = append(out, recs...)
		} else {
			out = append(out, textRecords(ls[i:j])...)
		}
		i = j
	}
	return out
}
