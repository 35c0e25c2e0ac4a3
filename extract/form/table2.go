package form

import (
	"strings"

	"github.com/touming/touming"
)

// Words that tell the two templates' table 二 apart.
var (
	words2019 = []string{"本年新制作", "本年新公开", "对外公开总数量", "上一年项目数量", "政府集中采购", "采购总金额"}
	words2021 = []string{"本年制发", "本年废止", "现行有效", "本年收费金额", "本年处理决定"}
)

// detectTemplate tells the template from table 二's labels, or, failing
// that, from table 三's （六）其他处理 sub-rows (2021 only). Never the year.
func detectTemplate(r2, r3 []line) touming.Template {
	n19, n21 := 0, 0
	for _, l := range r2 {
		k := l.text()
		n19 += count(k, words2019)
		n21 += count(k, words2021)
	}
	switch {
	case n19 > n21:
		return touming.Template2019
	case n21 > n19:
		return touming.Template2021
	}
	if k := joinedText(r3); strings.Contains(k, "不补正") || strings.Contains(k, "缴纳费用") {
		return touming.Template2021
	}
	return touming.Template2019
}

func count(k string, words []string) int {
	n := 0
	for _, w := range words {
		if strings.Contains(k, w) {
			n++
		}
	}
	return n
}

// table2 reads table 二: each row by its label (规章, 行政许可, …) and each
// value by the header row above it, matched to the template's fields by
// their printed labels.
func (s *sink) table2(t touming.Template, ls []line) {
	specs := s.m.active[t]
	var hdr []piece
	var block []piece // a text header's cells, stacked down its lines
	gl := regroup(ls, specs)
	for i, l := range gl {
		ps := l.printed()
		if !l.hasNumber() {
			if l.grid == -1 && !stream(l) {
				block = stackHeader(block, l, specs)
				ps = block
			}
			if h := headerPieces(ps, specs); h != nil {
				hdr = h
			}
			continue
		}
		block = nil
		label, vals := splitRow2(l, ps)
		if label == "" && l.grid == -1 {
			label = wrapped(gl, i, specs)
		}
		if label == "" || len(hdr) == 0 {
			continue
		}
		lg, lp := gramsOf(label), pairsOf(label)
		for i, c := range columns2(vals, hdr, l.grid >= 0) {
			if c >= 0 {
				s.put2(specs, label, lg, lp, hdr[c], vals[i], l.row)
			}
		}
	}
}

// wrapped is the label of a text row printed without one: its label
// wrapped above and below the line of numbers (行政规范性文 / 62 33 440 /
// 件), taken from the label-only lines just before and after it: the
// last cell above and the first below (the lines of one cell each before
// it are joined, and may hold a row left blank: 规章 / 行政规范性文).
func wrapped(gl []line, i int, specs []activeSpec) string {
	frag := func(j int, last bool) string {
		if j < 0 || j >= len(gl) || gl[j].hasNumber() || gl[j].grid != -1 {
			return ""
		}
		ps := gl[j].printed()
		k := ps[0].Key
		if last {
			k = ps[len(ps)-1].Key
		}
		if strings.Contains(k, "第二十条") || headerPieces(ps, specs) != nil {
			return ""
		}
		return k
	}
	return frag(i-1, true) + frag(i+1, false)
}

// headerPieces returns a line's column headers (without 信息内容) when at
// least one names a column of table 二.
func headerPieces(ps []piece, specs []activeSpec) []piece {
	var out []piece
	hit := false
	for _, p := range ps {
		for _, w := range splitWords(p, specs) {
			if w.Key == "" || strings.Contains(w.Key, "信息内容") || strings.Contains(w.Key, "第二十条") {
				continue
			}
			col := isColumn2(w.Key, specs)
			if hit || col { // what precedes the first column names rows (a heading, 信息内容)
				out = append(out, w)
			}
			hit = hit || col
		}
	}
	if !hit {
		return nil
	}
	return out
}

// splitRow2 returns a row's label and its value cells (blanks included: in
// a grid or tab text an empty cell is a blank value).
func splitRow2(l line, ps []piece) (string, []piece) {
	var label strings.Builder
	var vals []piece
	for _, p := range ps {
		switch {
		case p.isValue() || (p.Raw == "" && label.Len() > 0 && l.grid != -1):
			vals = append(vals, p)
		case len(vals) == 0:
			label.WriteString(p.Key)
		}
	}
	return label.String(), vals
}

// columns2 maps values to header columns: by order when the counts agree
// (spans differ between header and data rows in real tables), otherwise by
// overlap in a grid or by nearest centre in text.
func columns2(vals, hdr []piece, grid bool) []int {
	for len(vals) > len(hdr) && blankPiece(vals[len(vals)-1]) {
		vals = vals[:len(vals)-1]
	}
	out := make([]int, len(vals))
	if len(vals) == len(hdr) {
		for i := range out {
			out[i] = i
		}
		return out
	}
	centers := make([]float64, len(hdr))
	for i, h := range hdr {
		centers[i] = h.center()
	}
	if p := byPosition(vals, centers); p != nil {
		return p
	}
	for i := range out {
		out[i] = -1
	}
	return out
}

// put2 records one value of table 二 under the field whose row and column
// labels best match the printed ones.
func (s *sink) put2(specs []activeSpec, label string, lg, lp grams, h, v piece, row int) {
	best, bs := "", 0.0
	hg := gramsOf(h.Key)
	for _, sp := range specs {
		rs, cs := max(cover(lg, sp.rowP), cover(sp.rowG, lp)), cover(hg, sp.colP)
		if rs >= 0.6 && cs >= 0.4 && rs+cs > bs {
			best, bs = sp.field, rs+cs
		}
	}
	if best != "" {
		s.put(best, "二", v, row, label, h.Raw, yuan(h.Key))
		return
	}
	if v.isNumber() {
		s.unplaced("二", label)
	}
}

// regroup turns text into lines the table-二 reader takes: one line per
// header and per row. Lines of one cell each (one cell per line) are read as
// one stream; a line (or stream) holding several rows (|-flattened text) is
// cut where a label follows values, and the column headers that precede a
// row's label on the same line go to a header line of their own.
func regroup(ls []line, specs []activeSpec) []line {
	var out []line
	var stream line
	flush := func() {
		if len(stream.pieces) > 0 {
			out = append(out, cutRows(stream, specs)...)
			stream = line{}
		}
	}
	for _, l := range ls {
		switch {
		case l.grid >= 0:
			flush()
			out = append(out, l)
		case len(l.pieces) == 1 && l.grid == -1:
			if len(stream.pieces) == 0 {
				stream = line{row: l.row, grid: -1}
			}
			p := l.pieces[0]
			p.ID = len(stream.pieces) + 1
			stream.pieces = append(stream.pieces, p)
		default:
			flush()
			out = append(out, cutRows(l, specs)...)
		}
	}
	flush()
	return out
}

// cutRows cuts a text line at each label that follows a value.
func cutRows(l line, specs []activeSpec) []line {
	var out []line
	start := 0
	for i := 1; i <= len(l.pieces); i++ {
		if i == len(l.pieces) || (!l.pieces[i].isValue() && l.pieces[i].Raw != "" && l.pieces[i-1].isValue()) {
			out = append(out, splitHeader(line{pieces: l.pieces[start:i], row: l.row, grid: l.grid}, specs)...)
			start = i
		}
	}
	return out
}

// splitHeader moves the column headers before a row's label into a line of
// their own, so that 信息内容|本年制发件数|…|规章|0|0|0 reads as a header and
// a row.
func splitHeader(l line, specs []activeSpec) []line {
	first := len(l.pieces)
	for i, p := range l.pieces {
		if p.isValue() {
			first = i
			break
		}
	}
	if first < 2 || first == len(l.pieces) {
		return []line{l}
	}
	hdr := line{pieces: l.pieces[:first-1], row: l.row, grid: l.grid}
	if headerPieces(hdr.printed(), specs) == nil {
		return []line{l}
	}
	return []line{hdr, {pieces: l.pieces[first-1:], row: l.row, grid: l.grid}}
}
