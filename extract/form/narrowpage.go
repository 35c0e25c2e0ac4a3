package form

import (
	"math"
	"slices"
)

// calibrate brings the text rows of other pages onto the columns of the
// first page (n columns): pdftotext spaces each page by its own text, so a column
// sits further right on one page than on another. A page's values are
// mapped linearly so that its leftmost and rightmost values fall where
// those of the header's page do. Rows are changed in place.
func calibrate(recs []record, n int) {
	spans, first := pageSpans(recs, n)
	ref, ok := spans[first]
	if !ok || ref[1]-ref[0] < 4 {
		return
	}
	for i, r := range recs {
		sp := spans[r.page]
		if r.cols != nil || r.page == first || sp[1]-sp[0] < 4 {
			continue
		}
		recs[i].vals = remap(r.vals, sp, ref)
	}
}

// pageSpans returns the leftmost and rightmost value centre of the text
// rows on each page, and the first page with rows. Only rows that fill
// more than half of n columns count: they reach the outer columns.
func pageSpans(recs []record, n int) (map[int][2]float64, int) {
	spans := map[int][2]float64{}
	first := -1
	for _, r := range recs {
		if r.cols != nil || 2*len(r.vals) <= n {
			continue
		}
		if first < 0 {
			first = r.page
		}
		sp, ok := spans[r.page]
		for _, v := range r.vals {
			c := v.center()
			if !ok {
				sp, ok = [2]float64{c, c}, true
			}
			sp = [2]float64{min(sp[0], c), max(sp[1], c)}
		}
		spans[r.page] = sp
	}
	return spans, first
}

// overValues reports whether a header's first and last columns stand over
// the leftmost and rightmost values of its page. Some prints space each
// line by its own text; their header words then fall anywhere, and are no
// guide to the columns.
func overValues(recs []record, centers []float64) bool {
	spans, first := pageSpans(recs, len(centers))
	sp, ok := spans[first]
	if !ok {
		return false
	}
	tol := max(2.5, 0.1*(sp[1]-sp[0]))
	return math.Abs(centers[0]-sp[0]) <= tol && math.Abs(centers[len(centers)-1]-sp[1]) <= tol
}

// remap moves pieces' centres linearly from span from onto span to.
func remap(vals []piece, from, to [2]float64) []piece {
	k := (to[1] - to[0]) / (from[1] - from[0])
	out := make([]piece, len(vals))
	for i, v := range vals {
		v.x, v.moved = to[0]+(v.center()-from[0])*k, true
		out[i] = v
	}
	return out
}

// refine learns the columns again from the rows that fill most of them,
// placed against the header's centres: a number sits where the rows put
// it, not where the header's words happen to fall. A column no such row
// fills keeps the header's centre but is marked "-" in the columns it
// returns: a header word is too loose a guide to put a number under it.
func refine(recs []record, centers []float64, cols []string) ([]float64, []string) {
	sum := make([]float64, len(centers))
	n := make([]int, len(centers))
	for _, r := range recs {
		if r.cols != nil || 2*len(r.vals) <= len(centers) {
			continue
		}
		for i, c := range byPosition(r.vals, centers) {
			sum[c] += r.vals[i].center()
			n[c]++
		}
	}
	out, pos := make([]float64, len(centers)), make([]string, len(cols))
	for i := range out {
		out[i], pos[i] = centers[i], "-"
		if n[i] > 0 {
			out[i], pos[i] = sum[i]/float64(n[i]), cols[i]
		}
		if i > 0 && out[i] <= out[i-1] { // the rows disagree with the header: place nothing
			return centers, slices.Repeat([]string{"-"}, len(cols))
		}
	}
	return out, pos
}
