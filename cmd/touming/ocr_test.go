package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/ocr"
	"github.com/touming/touming/sampleportal"
)

// needTesseract skips without Tesseract, except in CI.
func needTesseract(t *testing.T) {
	t.Helper()
	if _, err := ocr.FindTesseract(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI: %v", err)
		}
		t.Skip(err)
	}
}

// TestLoadPageOfPictures loads a saved page whose tables are pictures
// beside it, as a user would, and checks the warehouse and the pages: the
// report is read by OCR (ocr_review: a cell was unsure), its unsure cells
// are null with their reading kept, the quality page lists them with their
// pictures, and a picture is served.
func TestLoadPageOfPictures(t *testing.T) {
	needTesseract(t)
	dir := t.TempDir()
	src := filepath.Join("..", "..", "extract", "ocr", "testdata")
	for _, f := range []string{"pages/pingtan-images.html", "images/pingtan-96-1.png", "images/pingtan-96-2.png", "images/pingtan-96-3.png"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "w.duckdb")
	code, out, errs := runCmd(t, "load", "--db", db, filepath.Join(dir, "pages"))
	if code != 0 || !strings.Contains(out, "1 read by OCR from pictures: 0 ocr_verified, 1 ocr_review") || !strings.Contains(errs, "read by OCR") {
		t.Fatalf("load: %d\n%s\n%s", code, out, errs)
	}
	_, out, _ = runCmd(t, "sql", "--db", db, "--format", "csv", "SELECT status FROM documents")
	if !strings.Contains(out, "ocr_review") {
		t.Fatalf("status: %s", out)
	}
	_, out, _ = runCmd(t, "sql", "--db", db, "--format", "csv", "SELECT key, raw, value IS NULL FROM cells WHERE class = 'ocr_unsure' ORDER BY key")
	if !strings.Contains(out, "active.normative.in_force,440,true") {
		t.Errorf("unsure cells: %s", out)
	}
	_, out, _ = runCmd(t, "sql", "--db", db, "--format", "csv", "SELECT count(*) FROM ocr_cells WHERE octet_length(crop) > 0")
	if strings.Contains(out, "\n0\n") {
		t.Errorf("no OCR crops: %s", out)
	}
	base := startServe(t, serveConfig{DB: db})
	code, body := httpGet(t, base+"/quality")
	if code != 200 || !strings.Contains(body, "OCR 读取、待人工核对的单元格") || !strings.Contains(body, "/ocr/") {
		t.Errorf("quality page %d lists no OCR cells", code)
	}
	i := strings.Index(body, `src="/ocr/`)
	if i < 0 {
		t.Fatal("no crop on the quality page")
	}
	u := body[i+5 : i+5+strings.IndexByte(body[i+5:], '"')]
	code, png := httpGet(t, base+u)
	if code != 200 || !strings.HasPrefix(png, "\x89PNG") {
		t.Errorf("crop %s: %d", u, code)
	}
	// the report page shows each OCR cell's picture on hover
	id := strings.Split(strings.TrimPrefix(u, "/ocr/"), "/")[0]
	code, body = httpGet(t, base+"/report/"+id)
	if code != 200 || strings.Count(body, `class="ocr-crop"`) < 100 || !strings.Contains(body, `src="/ocr/`+id+`/`) {
		t.Errorf("report page %s: %d, %d OCR pictures", id, code, strings.Count(body, `class="ocr-crop"`))
	}
}

// ocrInstalled tells whether Tesseract is here; in CI it must be.
func ocrInstalled() bool {
	_, err := ocr.FindTesseract("")
	return err == nil || os.Getenv("CI") == "true"
}

// withoutOCR is what the sample portal's report should give here: its
// picture of tables is read (ocr_verified) only where Tesseract is.
func withoutOCR(r sampleportal.Report) sampleportal.Report {
	if r.Form == sampleportal.FormImage && !ocrInstalled() {
		r.Status, r.Values = touming.StatusNoTables, nil
	}
	return r
}

// picturePages counts the reports read from a page's pictures here, which
// reextract leaves as they were.
func picturePages(rs []sampleportal.Report) int {
	n := 0
	for _, r := range rs {
		if r.Form == sampleportal.FormImage && ocrInstalled() {
			n++
		}
	}
	return n
}
