package ocr

import "math"

// Skew search: scans and photographed screens lean by a degree or two;
// more than maxSkew is a page turned on purpose, not read here.
const (
	maxSkew  = 3.0  // degrees
	skewStep = 0.05 // degrees
	minSkew  = 0.04 // below this, rotating would only blur
)

// skewAngle finds the angle (degrees, counter-clockwise in image
// coordinates) by which the ink's rows are sharpest: the ruling lines of a
// table then lie on a few rows, so the sum of squared row counts peaks.
func skewAngle(m *mask) float64 {
	xs, ys := inkSample(m, 300000)
	if len(xs) == 0 {
		return 0
	}
	best, bestScore := 0.0, -1.0
	hist := make([]float64, m.h+m.w)
	off := float64(m.w) // room for y - x·tan(a) < 0
	for a := -maxSkew; a <= maxSkew+1e-9; a += skewStep {
		t := math.Tan(a * math.Pi / 180)
		clear(hist)
		for i := range xs {
			y := int(float64(ys[i]) - float64(xs[i])*t + off*math.Abs(t))
			if y >= 0 && y < len(hist) {
				hist[y]++
			}
		}
		var s float64
		for _, n := range hist {
			s += n * n
		}
		if s > bestScore {
			best, bestScore = a, s
		}
	}
	return best
}

// inkSample returns the coordinates of up to n ink pixels, evenly taken.
func inkSample(m *mask, n int) (xs, ys []int) {
	count := 0
	for _, p := range m.px {
		if p {
			count++
		}
	}
	step := max(1, count/n)
	i := 0
	for y := range m.h {
		for x := range m.w {
			if m.px[y*m.w+x] {
				if i%step == 0 {
					xs, ys = append(xs, x), append(ys, y)
				}
				i++
			}
		}
	}
	return xs, ys
}

// rotate turns g by deg degrees about its centre (bilinear), so that rows
// that leaned by deg become level; uncovered corners take the paper's
// luminance.
func rotate(g *gray, deg float64, paper uint8) *gray {
	out := &gray{w: g.w, h: g.h, pix: make([]uint8, len(g.pix))}
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(g.w)/2, float64(g.h)/2
	for y := range g.h {
		dy := float64(y) - cy
		for x := range g.w {
			dx := float64(x) - cx
			sx, sy := cos*dx-sin*dy+cx, sin*dx+cos*dy+cy
			out.pix[y*g.w+x] = bilinear(g, sx, sy, paper)
		}
	}
	return out
}

func bilinear(g *gray, x, y float64, paper uint8) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	if x0 < 0 || y0 < 0 || x0+1 >= g.w || y0+1 >= g.h {
		return paper
	}
	fx, fy := x-float64(x0), y-float64(y0)
	top := float64(g.at(x0, y0))*(1-fx) + float64(g.at(x0+1, y0))*fx
	bot := float64(g.at(x0, y0+1))*(1-fx) + float64(g.at(x0+1, y0+1))*fx
	return uint8(top*(1-fy) + bot*fy + 0.5)
}
