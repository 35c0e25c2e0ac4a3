package ocr

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // image formats portals publish tables in
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// maxPixels bounds a decoded image: a hostile 60000×60000 PNG header must
// not allocate gigabytes.
const maxPixels = 40 << 20

// gray is a luminance image, row-major, 0 black to 255 white.
type gray struct {
	w, h int
	pix  []uint8
}

func (g *gray) at(x, y int) uint8 { return g.pix[y*g.w+x] }

// decode reads an image in any format the standard library and x/image
// know, and returns its luminance.
func decode(data []byte) (*gray, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	if cfg.Width*cfg.Height > maxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("decode image: %d×%d pixels is too large", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	return toGray(img), nil
}

// toGray converts any image to luminance; transparent pixels count as
// white paper, as a browser shows them on a white page.
func toGray(img image.Image) *gray {
	b := img.Bounds()
	g := &gray{w: b.Dx(), h: b.Dy(), pix: make([]uint8, b.Dx()*b.Dy())}
	if src, ok := img.(*image.Gray); ok {
		for y := range g.h {
			copy(g.pix[y*g.w:(y+1)*g.w], src.Pix[(y)*src.Stride:])
		}
		return g
	}
	for y := range g.h {
		for x := range g.w {
			r, gg, bb, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			// composite over white
			l := (19595*r + 38470*gg + 7471*bb + 1<<15) >> 16
			l = (l*a + 0xffff*(0xffff-a)) / 0xffff
			g.pix[y*g.w+x] = uint8(l >> 8)
		}
	}
	return g
}

// otsu returns the threshold that best separates ink from paper: pixels
// darker than it are ink.
func otsu(g *gray) uint8 {
	var hist [256]float64
	for _, p := range g.pix {
		hist[p]++
	}
	total := float64(len(g.pix))
	var sum float64
	for i, n := range hist {
		sum += float64(i) * n
	}
	var wB, sumB, best float64
	t := uint8(128)
	for i := range 256 {
		wB += hist[i]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * hist[i]
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, t = v, uint8(i)
		}
	}
	return t
}

// mask is a binary image: true is ink.
type mask struct {
	w, h int
	px   []bool
}

func newMask(w, h int) *mask { return &mask{w: w, h: h, px: make([]bool, w*h)} }

func (m *mask) at(x, y int) bool {
	return x >= 0 && y >= 0 && x < m.w && y < m.h && m.px[y*m.w+x]
}

// binarize marks the pixels at or below the threshold as ink.
func binarize(g *gray, t uint8) *mask {
	m := newMask(g.w, g.h)
	for i, p := range g.pix {
		m.px[i] = p <= t
	}
	return m
}

// levels returns the mean luminance of ink and of paper, for stretching a
// cell's contrast (a grey scan's paper becomes white).
func levels(g *gray, t uint8) (ink, paper float64) {
	var si, sp, ni, np float64
	for _, p := range g.pix {
		if p <= t {
			si += float64(p)
			ni++
		} else {
			sp += float64(p)
			np++
		}
	}
	if ni == 0 || np == 0 {
		return 0, 255
	}
	return si / ni, sp / np
}
