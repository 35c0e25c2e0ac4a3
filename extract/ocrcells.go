package extract

import (
	"github.com/touming/touming"
	"github.com/touming/touming/extract/ocr"
	"github.com/touming/touming/extract/sheet"
)

// attachOCR gives each cell of a report read by OCR its source (image,
// box, confidence) and marks the unsure ones ocr_unsure. A report cell
// knows its table (二, 三, 四) and its row and column in its grid, not
// which grid: each table is matched to the grid whose texts at the places
// of its cells agree most.
func attachOCR(r *touming.Report, tables []*ocr.Table) {
	grids := make([][][]string, len(tables))
	for i, t := range tables {
		grids[i] = t.Grid()
	}
	gridOf := map[string]int{}
	for _, name := range []string{"二", "三", "四"} {
		best, bestN := -1, 0
		for g, grid := range grids {
			n := 0
			for _, c := range r.Cells {
				if c.Table == name && c.Row < len(grid) && c.Col < len(grid[c.Row]) && sheet.Squash(grid[c.Row][c.Col]) == c.Raw {
					n++
				}
			}
			if n > bestN {
				best, bestN = g, n
			}
		}
		gridOf[name] = best
	}
	for i := range r.Cells {
		c := &r.Cells[i]
		g, ok := gridOf[c.Table]
		if !ok || g < 0 {
			continue
		}
		oc, ok := tables[g].At(c.Row, c.Col)
		if !ok {
			continue
		}
		b := oc.Box
		c.OCR = &touming.OCRSource{Image: oc.Image, X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy(), Conf: oc.Conf, Crop: oc.Crop}
		if oc.Kind == ocr.Unsure {
			c.Class, c.Raw, c.Value = touming.ClassOCRUnsure, oc.Text, nil
			r.Values[c.Key] = nil
		}
	}
}
