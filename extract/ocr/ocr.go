package ocr

import (
	"context"
	"fmt"
	"image"
	"math"
)

// Kind says what a cell read from an image holds.
type Kind string

// The kinds of cell.
const (
	Blank  Kind = "blank"  // no ink
	Number Kind = "number" // digits both readings agree on, confidently
	Text   Kind = "text"   // a label, a dash, 无: text the form interprets
	Unsure Kind = "unsure" // ink that could not be read with confidence: null
)

// DefaultMinConf is the confidence (Tesseract's 0-100) below which a number
// is Unsure. On the test renders every misread number scored below it.
const DefaultMinConf = 60

// Cell is one cell of a table read from an image.
type Cell struct {
	Row, Col         int // the grid place of its top left
	RowSpan, ColSpan int
	Text             string          // what was read (digits, a label); "" when blank
	Kind             Kind            //
	Image            string          // the image it was read from
	Crop             []byte          // a PNG of the cell as printed, for a person to check
	Conf             float64         // Tesseract's confidence, 0-100; -1 for a blank cell
	Box              image.Rectangle // the cell's ink in the image as given, in pixels
}

// Table is the grid of one table found in an image.
type Table struct {
	Image      string // the image's name, as given to Read
	Rows, Cols int
	Cells      []Cell
	Skew       float64 // degrees the image was straightened by
	colX       []int   // the vertical rules' x, for joining a table cut in two
}

// Reader reads tables from images. It is safe for concurrent use.
type Reader struct {
	t       *Tesseract
	minConf float64
}

// NewReader returns a Reader that runs t; minConf 0 means DefaultMinConf.
func NewReader(t *Tesseract, minConf float64) *Reader {
	if minConf <= 0 {
		minConf = DefaultMinConf
	}
	return &Reader{t: t, minConf: minConf}
}

// Read finds the ruled tables in an image file's bytes (PNG, JPEG, GIF,
// BMP, TIFF, WebP), top to bottom, and reads their cells. name is kept in
// each Table and named in errors.
func (r *Reader) Read(ctx context.Context, name string, data []byte) ([]*Table, error) {
	g, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("ocr %s: %w", name, err)
	}
	return r.read(ctx, name, g)
}

// ReadImage is Read for an image already decoded (a rendered PDF page).
func (r *Reader) ReadImage(ctx context.Context, name string, img image.Image) ([]*Table, error) {
	return r.read(ctx, name, toGray(img))
}

func (r *Reader) read(ctx context.Context, name string, g *gray) ([]*Table, error) {
	whole, skew, err := prepare(g)
	if err != nil {
		return nil, fmt.Errorf("ocr %s: %w", name, err)
	}
	var out []*Table
	for _, lat := range whole.lat.split() {
		p := *whole
		p.lat = lat
		t, err := r.table(ctx, name, &p, skew, g)
		if err != nil {
			return nil, fmt.Errorf("ocr %s: %w", name, err)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("ocr %s: %w", name, errNoGrid)
	}
	return out, nil
}

// table reads the cells of one table of the straightened picture p.
func (r *Reader) table(ctx context.Context, name string, p *page, skew float64, g *gray) (*Table, error) {
	cells, err := r.readCells(ctx, p, p.lat.cells())
	if err != nil {
		return nil, err
	}
	for i := range cells {
		cells[i].Box = unrotate(cells[i].Box, skew, g.w, g.h)
		cells[i].Image = name
	}
	t := &Table{Image: name, Rows: len(p.lat.ys) - 1, Cols: len(p.lat.xs) - 1, Cells: cells, Skew: skew}
	for _, x := range p.lat.xs {
		t.colX = append(t.colX, x.pos)
	}
	return t, nil
}

// prepare binarises g, straightens it and finds its table's rules.
func prepare(g *gray) (*page, float64, error) {
	t := otsu(g)
	m := binarize(g, t)
	ink, paper := levels(g, t)
	skew := skewAngle(m)
	if math.Abs(skew) >= minSkew {
		g = rotate(g, skew, uint8(paper))
		m = binarize(g, t)
	} else {
		skew = 0
	}
	lat, err := findLattice(m)
	if err != nil {
		return nil, 0, err
	}
	return &page{g: g, m: m, lat: lat, ink: ink, paper: paper}, skew, nil
}

// unrotate maps a box of the straightened image back onto the image as
// given: the bounding box of its turned corners.
func unrotate(b image.Rectangle, deg float64, w, h int) image.Rectangle {
	if deg == 0 || b.Empty() {
		return b
	}
	sin, cos := math.Sincos(deg * math.Pi / 180)
	cx, cy := float64(w)/2, float64(h)/2
	out := image.Rectangle{}
	for _, c := range []image.Point{b.Min, {b.Max.X, b.Min.Y}, {b.Min.X, b.Max.Y}, b.Max} {
		dx, dy := float64(c.X)-cx, float64(c.Y)-cy
		x, y := int(math.Round(cos*dx-sin*dy+cx)), int(math.Round(sin*dx+cos*dy+cy))
		out = out.Union(image.Rect(x, y, x+1, y+1))
	}
	return out.Intersect(image.Rect(0, 0, w, h))
}
