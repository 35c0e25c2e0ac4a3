// Command gen makes the OCR test images from the corpus reports: each
// standard table of a report page screenshotted by headless Chromium, then
// degraded the ways published pictures are (JPEG, a slight rotation, a grey
// background, scanner noise, a table cut in two). It needs chromium and
// fonts-noto-cjk. Run from the repository root:
//
//	go run ./extract/ocr/testdata/gen -corpus ../shared/corpus
//
// The images are written to extract/ocr/testdata/images, the scanned PDF to
// extract/ocr/testdata/scanned-pingtan.pdf, and the sample portal's picture
// of its report whose tables are an image to sampleportal/images/ndbg.png.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// variant is one way of picturing a report's tables.
type variant struct {
	name, src string
	dpi       float64
	jpeg      int     // JPEG quality; 0 writes PNG
	rotate    float64 // degrees
	grey      uint8   // background; 0 keeps white
	noise     float64 // standard deviation of added noise
	split     int     // the table (0-based) cut in two images; -1 none
}

var variants = []variant{
	{name: "pingtan-96", src: "pingtan-2024.html", dpi: 96, split: -1},
	{name: "shanghai-150", src: "shanghai-office-2019.html", dpi: 150, jpeg: 55, split: -1},
	{name: "pingtan-200-rot", src: "pingtan-2024.html", dpi: 200, jpeg: 50, rotate: 0.7, grey: 222, split: -1},
	{name: "shanghai-120-split", src: "shanghai-office-2019.html", dpi: 120, split: 1},
}

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the corpus folder")
	out := flag.String("out", "extract/ocr/testdata", "where the images go")
	portal := flag.String("portal", "sampleportal/images", "where the sample portal's picture goes")
	flag.Parse()
	ctx, cancel := browser()
	defer cancel()
	for _, v := range variants {
		if err := makeVariant(ctx, *corpus, filepath.Join(*out, "images"), v); err != nil {
			log.Fatalf("%s: %v", v.name, err)
		}
	}
	if err := makeScan(ctx, *corpus, *out); err != nil {
		log.Fatalf("scan: %v", err)
	}
	if err := makePortalPicture(ctx, *portal); err != nil {
		log.Fatalf("portal: %v", err)
	}
}

func browser() (context.Context, context.CancelFunc) {
	dir, _ := os.MkdirTemp("", "ocrgen")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(dir), chromedp.WindowSize(1500, 1200),
	}
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, c2 := chromedp.NewContext(actx)
	return ctx, func() { c2(); c1(); os.RemoveAll(dir) }
}

// shots screenshots each <table> of the page at dpi, and the y (in image
// pixels) of the middle row of each table, where a split cuts.
func shots(ctx context.Context, page string, dpi float64) ([]image.Image, []int, error) {
	abs, err := filepath.Abs(page)
	if err != nil {
		return nil, nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs)); err != nil {
		return nil, nil, err
	}
	// Fixed pixel widths (the Shanghai page) make tables wider than a
	// screen; a published picture shows the whole table.
	mids, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		document.body.style.background = 'white';
		return [...document.querySelectorAll('table')].map((t, i) => {
			t.id = 'ocrt' + i;
			const rows = t.querySelectorAll('tr');
			const r = rows[Math.floor(rows.length / 2)];
			return r.getBoundingClientRect().top - t.getBoundingClientRect().top;
		});
	})()`))
	if err != nil {
		return nil, nil, err
	}
	var imgs []image.Image
	var cuts []int
	for i := range mids {
		b, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.ID(fmt.Sprintf("ocrt%d", i)), dpi/96))
		if err != nil {
			return nil, nil, err
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, nil, err
		}
		imgs = append(imgs, img)
		cuts = append(cuts, int(mids[i]*dpi/96))
	}
	return imgs, cuts, nil
}

func makeVariant(ctx context.Context, corpus, out string, v variant) error {
	imgs, cuts, err := shots(ctx, filepath.Join(corpus, v.src), v.dpi)
	if err != nil {
		return err
	}
	n := 0
	for i, img := range imgs {
		parts := []image.Image{img}
		if i == v.split {
			parts = cut(img, cuts[i])
		}
		for _, p := range parts {
			n++
			g := degrade(p, v)
			if err := write(filepath.Join(out, fmt.Sprintf("%s-%d", v.name, n)), g, v.jpeg); err != nil {
				return err
			}
		}
	}
	return nil
}

// cut splits a table image at y into two, the rule at y kept in both.
func cut(img image.Image, y int) []image.Image {
	b := img.Bounds()
	type sub interface {
		SubImage(image.Rectangle) image.Image
	}
	s := img.(sub)
	return []image.Image{
		s.SubImage(image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+y+2)),
		s.SubImage(image.Rect(b.Min.X, b.Min.Y+y-1, b.Max.X, b.Max.Y)),
	}
}

// degrade turns a screenshot grey, pads it, puts it on a grey background,
// rotates it and adds noise as v says.
func degrade(img image.Image, v variant) *image.Gray {
	b := img.Bounds()
	pad := 12
	bg := uint8(255)
	if v.grey > 0 {
		bg = v.grey
	}
	w, h := b.Dx()+2*pad, b.Dy()+2*pad
	g := image.NewGray(image.Rect(0, 0, w, h))
	rnd := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	cx, cy := float64(w)/2, float64(h)/2
	sin, cos := math.Sincos(v.rotate * math.Pi / 180)
	for y := range h {
		for x := range w {
			// the source point that lands here after rotation
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := cos*dx + sin*dy + cx - float64(pad)
			sy := -sin*dx + cos*dy + cy - float64(pad)
			l := sample(img, sx, sy, b)
			if v.grey > 0 { // paper: white maps to the background grey
				l = l * float64(bg) / 255
			}
			if v.noise > 0 {
				l += rnd.NormFloat64() * v.noise
				if rnd.IntN(400) == 0 {
					l = 40
				}
			}
			g.SetGray(x, y, color.Gray{Y: uint8(max(0, min(255, l)))})
		}
	}
	return g
}

// sample reads the luminance at (x, y) bilinearly; outside is white.
func sample(img image.Image, x, y float64, b image.Rectangle) float64 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 {
		p := image.Pt(b.Min.X+x, b.Min.Y+y)
		if !p.In(b) {
			return 255
		}
		return float64(color.GrayModel.Convert(img.At(p.X, p.Y)).(color.Gray).Y)
	}
	top := at(x0, y0)*(1-fx) + at(x0+1, y0)*fx
	bot := at(x0, y0+1)*(1-fx) + at(x0+1, y0+1)*fx
	return top*(1-fy) + bot*fy
}

func write(stem string, g *image.Gray, quality int) error {
	var buf bytes.Buffer
	var err error
	name := stem + ".png"
	if quality > 0 {
		name = stem + ".jpg"
		err = jpeg.Encode(&buf, g, &jpeg.Options{Quality: quality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, g)
	}
	if err != nil {
		return err
	}
	fmt.Println(name, buf.Len())
	return os.WriteFile(name, buf.Bytes(), 0o644)
}
