package pdf

import (
	"fmt"
	"image"

	"github.com/klippa-app/go-pdfium/requests"
)

// MaxRender is the most pages Render draws of one PDF: a scanned report's
// tables are on a few of them.
const MaxRender = 30

// Render draws the given pages (1-based) of a PDF as grey images at dpi,
// for OCR of pages without a text layer. Pages past MaxRender are left out.
func (p *Engine) Render(data []byte, pages []int, dpi int) ([]image.Image, error) {
	inst, err := p.instance()
	if err != nil {
		return nil, err
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, pdfOpenError(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	var out []image.Image
	for _, pg := range pages[:min(len(pages), MaxRender)] {
		r, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
			Page:        requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: pg - 1}},
			DPI:         dpi,
			ImageFormat: requests.RenderImageFormatGrayscale,
		})
		if err != nil {
			return nil, fmt.Errorf("render page %d: %w", pg, err)
		}
		// The pixels live in PDFium's memory until Cleanup: copy them out.
		g, ok := r.Result.RenderedImage.(*image.Gray)
		if !ok {
			r.Cleanup()
			return nil, fmt.Errorf("render page %d: got %T, not a grey image", pg, r.Result.RenderedImage)
		}
		c := &image.Gray{Pix: append([]byte(nil), g.Pix...), Stride: g.Stride, Rect: g.Rect}
		r.Cleanup()
		out = append(out, c)
	}
	return out, nil
}
