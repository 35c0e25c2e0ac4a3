package extract

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/form"
	"github.com/touming/touming/extract/html"
	"github.com/touming/touming/extract/ocr"
	"github.com/touming/touming/extract/pdf"
	"github.com/touming/touming/extract/sheet"
	"github.com/touming/touming/internal/pageimg"
	"github.com/touming/touming/internal/textenc"
	nethtml "golang.org/x/net/html"
)

// NeedImagesError says that a page's tables are pictures that were not
// given: Srcs are the <img> sources, as the page writes them, to fetch (or
// read beside a local file) and pass in Input.Images. It wraps the page's
// ErrNoTables, so a caller that does not fetch them records no_tables.
type NeedImagesError struct {
	Srcs []string
	Err  error
}

func (e *NeedImagesError) Error() string {
	return fmt.Sprintf("%v (its tables may be the %d pictures it shows, not given)", e.Err, len(e.Srcs))
}

func (e *NeedImagesError) Unwrap() error { return e.Err }

// ImageSources returns the pictures of an HTML page that may be its
// tables: what the crawler fetches with it and Input.Images holds.
func ImageSources(data []byte, contentType string) []string {
	src, err := textenc.Decode(data, contentType, true)
	if err != nil {
		return nil
	}
	doc, err := nethtml.Parse(bytes.NewReader(src))
	if err != nil {
		return nil
	}
	return pageimg.Sources(doc)
}

// orImages reads a page's pictures by OCR when its HTML held no table: r
// and err are what the HTML reader made of it, returned unchanged when
// OCR has nothing to add.
func (e *Extractor) orImages(in Input, r *touming.Report, err error) (*touming.Report, error) {
	if err == nil || !errors.Is(err, touming.ErrNoTables) {
		return r, err
	}
	srcs := ImageSources(in.Data, in.ContentType)
	if len(srcs) == 0 {
		return r, err
	}
	if e.cfg.OCR == nil {
		return nil, fmt.Errorf("%w (its tables may be its %d pictures: %w)", err, len(srcs), ocr.ErrUnavailable)
	}
	var imgs []namedImage
	var missing []string
	for _, s := range srcs {
		if b, ok := imageData(in.Images, s); ok {
			imgs = append(imgs, namedImage{s, b})
		} else {
			missing = append(missing, s)
		}
	}
	if len(imgs) == 0 {
		return nil, &NeedImagesError{Srcs: missing, Err: err}
	}
	doc, derr := html.Read(in.Data, in.ContentType, in.Title)
	if derr != nil {
		return nil, derr
	}
	r, oerr := e.fromImages(in.Name, imgs, doc.Title, doc.Body)
	if oerr != nil && errors.Is(oerr, touming.ErrNoTables) && !errors.Is(oerr, touming.ErrNotReport) {
		return nil, fmt.Errorf("%w (%w)", err, oerr) // pictures, but none a table
	}
	return r, oerr
}

// imageData finds a picture's bytes: given in images under its src, or
// inline in a data: URI.
func imageData(images map[string][]byte, src string) ([]byte, bool) {
	if b, ok := images[src]; ok && len(b) > 0 {
		return b, true
	}
	if rest, ok := strings.CutPrefix(src, "data:image/"); ok {
		if _, enc, ok := strings.Cut(rest, ";base64,"); ok {
			b, err := base64.StdEncoding.DecodeString(enc)
			return b, err == nil
		}
	}
	return nil, false
}

type namedImage struct {
	name string
	data []byte
}

// fromImageFile reads a picture given on its own (a .png of the tables).
func (e *Extractor) fromImageFile(in Input) (*touming.Report, error) {
	if e.cfg.OCR == nil {
		return nil, fmt.Errorf("image: %w: %w", touming.ErrNoTextLayer, ocr.ErrUnavailable)
	}
	return e.fromImages(in.Name, []namedImage{{in.Name, in.Data}}, in.Title, in.Title)
}

// fromImages reads the tables in pictures and interprets them as every
// other reader's grids are. A picture with no ruled table (a photo, a
// seal) is passed over; if none holds one, the error is ErrNoTables.
func (e *Extractor) fromImages(name string, imgs []namedImage, title, body string) (*touming.Report, error) {
	var tables []*ocr.Table
	var skipped []string
	for _, im := range imgs {
		ts, err := e.cfg.OCR.Read(context.Background(), im.name, im.data)
		if err != nil {
			skipped = append(skipped, err.Error())
			continue
		}
		tables = append(tables, ts...)
	}
	return ocrReport(tables, title, body, skipped)
}

// ocrReport builds the report of tables read by OCR, with each cell's
// confidence and box, its unsure cells null.
func ocrReport(tables []*ocr.Table, title, body string, skipped []string) (*touming.Report, error) {
	if len(tables) == 0 {
		return nil, fmt.Errorf("ocr: %w: no picture holds a ruled table (%s)", touming.ErrNoTables, strings.Join(skipped, "; "))
	}
	tables = ocr.Join(tables)
	r, err := form.Read(ocr.Doc(tables, title, body))
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	r.OCR = true
	attachOCR(r, tables)
	return r, nil
}

// isImage tells a picture by its magic bytes.
func isImage(head []byte) bool {
	for _, m := range []string{"\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "GIF87a", "GIF89a", "II*\x00", "MM\x00*"} {
		if bytes.HasPrefix(head, []byte(m)) {
			return true
		}
	}
	if len(head) >= 15 && string(head[:2]) == "BM" && head[6] == 0 && head[7] == 0 && head[8] == 0 && head[9] == 0 {
		return true // BMP: its reserved bytes are zero, as no text's are
	}
	return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
}

// scanDPI is the resolution scanned PDF pages are drawn at for OCR: a
// table's text is then some 25 pixels tall, which Tesseract reads best.
const scanDPI = 200

// orScan reads by OCR the pages of a PDF that have no text layer, when the
// text layer held no report; r and err are what it gave.
func (e *Extractor) orScan(in Input, rd pdf.Reading, r *touming.Report, err error) (*touming.Report, error) {
	if err == nil || !errors.Is(err, touming.ErrNoTextLayer) || len(rd.Blank) == 0 {
		return r, err
	}
	if e.cfg.OCR == nil {
		return nil, fmt.Errorf("%w (%w)", err, ocr.ErrUnavailable)
	}
	pages, rerr := e.pdf.Render(in.Data, rd.Blank, scanDPI)
	if rerr != nil {
		return nil, fmt.Errorf("pdf: %w", rerr)
	}
	var tables []*ocr.Table
	var skipped []string
	for i, img := range pages {
		name := fmt.Sprintf("%s#page=%d", in.Name, rd.Blank[i])
		ts, terr := e.cfg.OCR.ReadImage(context.Background(), name, img)
		if terr != nil {
			skipped = append(skipped, terr.Error())
			continue
		}
		tables = append(tables, ts...)
	}
	if len(tables) == 0 { // no table on the pictures: still a scan, unread
		return nil, fmt.Errorf("%w (OCR found no ruled table on pages %v)", err, rd.Blank)
	}
	body := strings.Join(rd.Lines, "\n")
	return ocrReport(tables, sheet.TitleOf(in.Title, body), in.Title+"\n"+body, skipped)
}
