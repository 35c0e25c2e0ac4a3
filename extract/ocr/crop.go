package ocr

import (
	"bytes"
	"image"
	"image/png"
)

// targetHeight is the text height, in pixels, cells are scaled to:
// Tesseract reads best with capitals 25-40 pixels tall.
const targetHeight = 36

// page is one straightened image with its ink and its table's rules.
type page struct {
	g          *gray
	m          *mask
	lat        *lattice
	ink, paper float64
}

// inkBox returns the box of the ink in the cell, the rules and specks
// (scanner dust, JPEG noise: parts of one or two pixels) left out; empty
// for a blank cell.
func (p *page) inkBox(s span) image.Rectangle {
	b := s.box.Inset(1)
	if b.Empty() {
		return image.Rectangle{}
	}
	sub := newMask(b.Dx(), b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			sub.px[(y-b.Min.Y)*sub.w+x-b.Min.X] = p.m.at(x, y) && !p.onRule(x, y, s.box)
		}
	}
	minArea := max(3, p.lat.th*p.lat.th/60)
	var box image.Rectangle
	for _, c := range components(sub, minArea) {
		box = box.Union(c.box)
	}
	if box.Empty() {
		return box
	}
	return box.Add(b.Min)
}

// ruleBleed is how far into a cell a rule's pixels may reach: its
// antialiasing, or what a slight remaining lean leaves.
const ruleBleed = 3

// onRule reports whether (x, y) is on a ruling line or right beside one,
// near the edge of the cell's box: line pixels further in are strokes of
// the text (十, 件), never erased.
func (p *page) onRule(x, y int, box image.Rectangle) bool {
	if image.Pt(x, y).In(box.Inset(ruleBleed)) {
		return false
	}
	for d := -1; d <= 1; d++ {
		if p.lat.h.at(x, y+d) || p.lat.v.at(x+d, y) {
			return true
		}
	}
	return false
}

// render crops box (padded) out of the page, rules removed, contrast
// stretched so that the paper is white, scaled to targetHeight text, as a
// PNG for Tesseract.
func (p *page) render(box, cell image.Rectangle) []byte {
	pad := max(4, p.lat.th*2/3)
	src := box.Inset(-pad)
	scale := float64(targetHeight) / float64(p.lat.th)
	scale = min(max(scale, 1), 5)
	w, h := int(float64(src.Dx())*scale), int(float64(src.Dy())*scale)
	out := image.NewGray(image.Rect(0, 0, w, h))
	span := max(1, p.paper-p.ink)
	for y := range h {
		for x := range w {
			sx := float64(src.Min.X) + float64(x)/scale
			sy := float64(src.Min.Y) + float64(y)/scale
			ix, iy := int(sx), int(sy)
			v := 255.0
			if image.Pt(ix, iy).In(box.Inset(-1)) && !p.onRule(ix, iy, cell) {
				l := float64(bilinear(p.g, sx, sy, 255))
				v = (l - p.ink) / span * 255
			}
			out.Pix[y*out.Stride+x] = uint8(max(0, min(255, v)))
		}
	}
	var buf bytes.Buffer
	_ = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, out) // writes to memory: cannot fail
	return buf.Bytes()
}

// snapshot is a PNG of the cell as printed (straightened, rules and all),
// for a person to check the value against.
func (p *page) snapshot(box image.Rectangle) []byte {
	b := box.Inset(-2).Intersect(image.Rect(0, 0, p.g.w, p.g.h))
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		copy(out.Pix[(y-b.Min.Y)*out.Stride:], p.g.pix[y*p.g.w+b.Min.X:y*p.g.w+b.Max.X])
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, out) // to memory: cannot fail
	return buf.Bytes()
}
