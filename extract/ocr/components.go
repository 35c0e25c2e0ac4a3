package ocr

import "image"

// component is one 8-connected part of the ink.
type component struct {
	box  image.Rectangle
	area int
}

// components labels the ink's connected parts of at least minArea pixels.
func components(m *mask, minArea int) []component {
	seen := make([]bool, len(m.px))
	var out []component
	var stack []int
	for start, p := range m.px {
		if !p || seen[start] {
			continue
		}
		c := component{}
		stack = append(stack[:0], start)
		seen[start] = true
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%m.w, i/m.w
			c.area++
			c.box = c.box.Union(image.Rect(x, y, x+1, y+1))
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= m.w || ny >= m.h {
						continue
					}
					if j := ny*m.w + nx; m.px[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		if c.area >= minArea {
			out = append(out, c)
		}
	}
	return out
}
