package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"

	"github.com/touming/touming/sampleportal"
)

// makePortalPicture draws the sample portal's report whose tables are a
// picture: its three tables as the clean portal prints them (the same
// numbers), screenshotted at 144 dpi and stacked in one PNG with white
// between them, as a page's screenshot is. The portal serves it.
func makePortalPicture(ctx context.Context, out string) error {
	var rep *sampleportal.Report
	for _, r := range sampleportal.New(sampleportal.Options{}).Reports() {
		if r.Form == sampleportal.FormImage {
			rep = &r
			break
		}
	}
	if rep == nil {
		return fmt.Errorf("the sample portal has no report drawn as a picture")
	}
	srv := httptest.NewServer(sampleportal.New(sampleportal.Options{Plain: true}).Handler())
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+rep.Site+rep.Path)); err != nil {
		return err
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
		const ts = [...document.querySelectorAll('.TRS_Editor table, #zoom table')];
		ts.forEach((t, i) => t.id = 'pt' + i);
		return ts.length;
	})()`))
	if err != nil || n != 3 {
		return fmt.Errorf("%s%s: %d tables (%v)", rep.Site, rep.Path, n, err)
	}
	var parts []image.Image
	w, h := 0, 0
	for i := range n {
		b, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.ID(fmt.Sprintf("pt%d", i)), 1.5))
		if err != nil {
			return err
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return err
		}
		parts = append(parts, img)
		w, h = max(w, img.Bounds().Dx()), h+img.Bounds().Dy()+30
	}
	page := image.NewGray(image.Rect(0, 0, w+24, h+24))
	for i := range page.Pix {
		page.Pix[i] = 255
	}
	y := 12
	for _, p := range parts {
		b := p.Bounds()
		for py := range b.Dy() {
			for px := range b.Dx() {
				page.Set(12+px, y+py, p.At(b.Min.X+px, b.Min.Y+py))
			}
		}
		y += b.Dy() + 30
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, page); err != nil {
		return err
	}
	name := filepath.Join(out, "ndbg.png")
	fmt.Println(name, buf.Len(), rep.Site, rep.Year)
	return os.WriteFile(name, buf.Bytes(), 0o644)
}
