package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"
)

// makeScan prints the Pingtan tables, as a noisy grey scan at 150 dpi, to a
// PDF with no text layer: one JPEG per table, each on a page of its own.
func makeScan(ctx context.Context, corpus, out string) error {
	v := variant{dpi: 150, rotate: -0.4, grey: 232, noise: 7, split: -1}
	imgs, _, err := shots(ctx, filepath.Join(corpus, "pingtan-2024.html"), v.dpi)
	if err != nil {
		return err
	}
	var page strings.Builder
	page.WriteString(`<html><head><style>@page{size:A4;margin:10mm}body{margin:0}img{width:190mm;display:block;break-after:page}</style></head><body>`)
	for _, img := range imgs {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, degrade(img, v), &jpeg.Options{Quality: 55}); err != nil {
			return err
		}
		fmt.Fprintf(&page, `<img src="data:image/jpeg;base64,%s">`, base64.StdEncoding.EncodeToString(buf.Bytes()))
	}
	page.WriteString(`</body></html>`)
	html := filepath.Join(os.TempDir(), "ocr-scan.html")
	if err := os.WriteFile(html, []byte(page.String()), 0o644); err != nil {
		return err
	}
	defer os.Remove(html)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+html)); err != nil {
		return err
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
	if err != nil {
		return err
	}
	name := filepath.Join(out, "scanned-pingtan.pdf")
	fmt.Println(name, len(pdf))
	return os.WriteFile(name, pdf, 0o644)
}
