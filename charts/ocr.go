package charts

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// ocrCrop serves the picture of one cell read by OCR (/ocr/{id}/{key}),
// for the report page's hover and the quality page's review list.
func (s *Server) ocrCrop(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, http.StatusNotFound, fmt.Errorf("no report %q", r.PathValue("id")))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	t, err := s.query(ctx, "ocr_crop", id, r.PathValue("key"))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	var png []byte
	if len(t.Rows) > 0 {
		png, _ = t.Rows[0][0].([]byte)
	}
	if len(png) == 0 {
		s.fail(w, http.StatusNotFound, fmt.Errorf("report %d has no OCR picture of %s", id, r.PathValue("key")))
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "max-age=86400")
	w.Write(png)
}

// addOCR gives each cell of a report read by OCR the address of its
// picture and Tesseract's confidence, shown when the cell is hovered.
func (s *Server) addOCR(ctx context.Context, id int64, tables []gridTable) error {
	t, err := s.query(ctx, "report_ocr", id)
	if err != nil || len(t.Rows) == 0 {
		return err
	}
	conf := map[string]string{}
	for _, m := range rowMaps(t) {
		conf[m.Str("key")] = m.Str("conf")
	}
	for i := range tables {
		for j := range tables[i].Rows {
			cells := tables[i].Rows[j].Cells
			for k := range cells {
				if c, ok := conf[cells[k].Key]; ok && !cells[k].Absent {
					cells[k].Crop = fmt.Sprintf("/ocr/%d/%s", id, cells[k].Key)
					cells[k].Conf = c
				}
			}
		}
	}
	return nil
}
