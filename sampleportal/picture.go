package sampleportal

import (
	_ "embed" // the picture of the tables
	"fmt"
	"net/http"
)

// tablesPicture is the report whose tables are a picture (FormImage): its
// three tables as the clean portal prints them, screenshotted by Chromium
// at 144 dpi and stacked in one PNG. go run ./extract/ocr/testdata/gen
// remakes it from the portal's own numbers.
//
//go:embed images/ndbg.png
var tablesPicture []byte

// picturePath is where a report's page shows its tables' picture.
func picturePath(r *Report) string {
	return fmt.Sprintf("/images/%d/ndbg_%d.png", r.Year+1, r.Year)
}

// servePicture serves the picture of the site's report drawn as one;
// false when p is no such picture.
func (s *Site) servePicture(w http.ResponseWriter, p string) bool {
	for _, r := range s.reports {
		if r.Form == FormImage && p == picturePath(r) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(tablesPicture)
			return true
		}
	}
	return false
}
