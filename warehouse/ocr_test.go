package warehouse

import (
	"context"
	"testing"

	"github.com/touming/touming"
)

// TestOCRCells: a report read by OCR keeps its unsure cells (null, class
// ocr_unsure, the reading in raw) and where every cell came from; a
// re-read replaces them.
func TestOCRCells(t *testing.T) {
	db := openTemp(t)
	r := truthReport(t, "pingtan-2024")
	r.OCR = true
	for i := range r.Cells {
		r.Cells[i].OCR = &touming.OCRSource{Image: "t3.png", X: i, Y: 2 * i, W: 30, H: 12, Conf: 91, Crop: []byte("\x89PNG")}
		if r.Cells[i].Key == "review.total" {
			r.Cells[i].Class, r.Cells[i].Raw, r.Cells[i].Value = touming.ClassOCRUnsure, "7?", nil
			r.Values["review.total"] = nil
		}
	}
	d := doc("https://p.gov.cn/img.htm", "x")
	d.Status = touming.ReportStatus(r, nil)
	write(t, db, Item{Document: d, Report: r})
	if got := one(t, db, `SELECT class || '|' || raw || '|' || coalesce(CAST(value AS VARCHAR), 'null') FROM cells WHERE key = 'review.total'`); got != "ocr_unsure|7?|null" {
		t.Errorf("unsure cell = %v", got)
	}
	if got := one(t, db, `SELECT status FROM documents`); got != touming.StatusOCRReview {
		t.Errorf("status %v, want ocr_review", got)
	}
	n := count(t, db, "ocr_cells o JOIN field_ids f ON f.id = o.field_id WHERE o.image = 't3.png' AND o.w = 30 AND octet_length(o.crop) = 4")
	if n != int64(len(r.Cells)) {
		t.Errorf("%d OCR cells stored, want %d", n, len(r.Cells))
	}
	d.ID = int64(one(t, db, `SELECT id FROM documents`).(int64))
	if _, err := db.Write(context.Background(), []Item{{Document: d, Report: r}}); err != nil {
		t.Fatal(err)
	}
	if n2 := count(t, db, "ocr_cells"); n2 != n {
		t.Errorf("after a re-read %d OCR cells, want %d", n2, n)
	}
}
