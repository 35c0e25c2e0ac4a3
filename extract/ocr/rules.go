package ocr

import "sort"

// textHeight estimates the height of a line of text in pixels: the upper
// decile of the heights of the ink's small connected parts (characters
// and their pieces), so that rules can be told from strokes at any dpi.
func textHeight(m *mask) int {
	var hs []int
	// Long straight runs go first: with them a cell drawn as a box of its
	// own (cellspacing) would count as a glyph as tall as the row.
	long := max(30, min(m.w, m.h)/20)
	h, v := runs(m, long, false), runs(m, long, true)
	text := newMask(m.w, m.h)
	for i, p := range m.px {
		text.px[i] = p && !h.px[i] && !v.px[i]
	}
	// Parts under a dozen pixels are JPEG ringing and dust, not glyphs.
	for _, c := range components(text, 12) {
		w, h := c.box.Dx(), c.box.Dy()
		if h >= 4 && w < m.w/8 && h < m.h/4 && w < 6*h {
			hs = append(hs, h)
		}
	}
	if len(hs) < 3 {
		return 12 // too little text to tell: a 96 dpi page's
	}
	sort.Ints(hs)
	return max(6, hs[len(hs)*9/10])
}

// runs marks the ink pixels that lie on straight runs at least minLen long,
// horizontal or vertical. A gap of up to two pixels (JPEG, a faint scan)
// does not break a run.
func runs(m *mask, minLen int, vertical bool) *mask {
	out := newMask(m.w, m.h)
	outer, inner := m.h, m.w
	if vertical {
		outer, inner = m.w, m.h
	}
	idx := func(o, i int) int {
		if vertical {
			return i*m.w + o
		}
		return o*m.w + i
	}
	for o := range outer {
		start, last := -1, -10
		flush := func() {
			if start >= 0 && last-start+1 >= minLen {
				for i := start; i <= last; i++ {
					out.px[idx(o, i)] = true
				}
			}
		}
		for i := range inner {
			if !m.px[idx(o, i)] {
				continue
			}
			if i-last > 3 {
				flush()
				start = i
			}
			last = i
		}
		flush()
	}
	return out
}

// rule is one ruling line: its position across (y of a horizontal rule, x
// of a vertical one) and its thickness.
type rule struct{ pos, from, to int }

// rules groups the rows (or columns) of a run mask that carry at least
// minCover line pixels into rules: neighbouring rows are one thick rule.
func rules(r *mask, minCover int, vertical bool) []rule {
	n, across := r.h, r.w
	if vertical {
		n, across = r.w, r.h
	}
	cover := make([]int, n)
	for a := range n {
		for b := range across {
			x, y := b, a
			if vertical {
				x, y = a, b
			}
			if r.px[y*r.w+x] {
				cover[a]++
			}
		}
	}
	var out []rule
	for a := 0; a < n; a++ {
		if cover[a] < minCover {
			continue
		}
		b := a
		for b+1 < n && cover[b+1] >= minCover {
			b++
		}
		out = append(out, rule{pos: (a + b) / 2, from: a, to: b})
		a = b
	}
	return out
}

// merge joins rules closer than gap: one drawn rule that antialiasing or a
// slight remaining lean spread over rows a few pixels apart.
func mergeRules(rs []rule, gap int) []rule {
	var out []rule
	for _, r := range rs {
		if k := len(out) - 1; k >= 0 && r.from-out[k].to <= gap {
			out[k].to = r.to
			out[k].pos = (out[k].from + out[k].to) / 2
			continue
		}
		out = append(out, r)
	}
	return out
}
