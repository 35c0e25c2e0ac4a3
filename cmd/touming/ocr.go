package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/extract/ocr"
	"github.com/touming/touming/pipeline"
)

// maxImage is the largest picture read beside a local page.
const maxImage = 32 << 20

// ocrReader finds Tesseract for reading tables that are pictures. Without
// it, it says once that OCR is unavailable and returns nil: such documents
// then keep the status no_tables or no_text.
func ocrReader(e *env) *ocr.Reader {
	t, err := ocr.FindTesseract(os.Getenv("TOUMING_TESSERACT"))
	if err != nil {
		e.log.Warn("OCR unavailable: tables that are pictures will not be read", "reason", err)
		return nil
	}
	return ocr.NewReader(t, 0)
}

// localImages reads the pictures an HTML file shows (those that may be its
// tables) from beside it: a src is taken relative to the file's folder, a
// src from the site's root (/u/t2.png) relative to it too, as a page
// saved with its pictures keeps them. Pictures on the network are not
// fetched (extract is offline; the crawler fetches a page's pictures).
func localImages(path string, data []byte) map[string][]byte {
	if extract.Sniff(data, path, "") != extract.FormatHTML {
		return nil
	}
	dir := filepath.Dir(path)
	out := map[string][]byte{}
	for _, src := range extract.ImageSources(data, "") {
		u, err := url.Parse(src)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u.Path, "/")))
		if fi, err := os.Stat(p); err != nil || fi.IsDir() || fi.Size() > maxImage {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			out[src] = b
		}
	}
	return out
}

// printOCR says, for a report read from pictures, its status and the
// cells OCR was unsure of (null, their reading shown for checking).
func printOCR(w io.Writer, res extractResult) {
	if res.Status != touming.StatusOCRVerified && res.Status != touming.StatusOCRReview {
		return
	}
	var unsure []touming.Cell
	for _, c := range res.Cells {
		if c.Class == touming.ClassOCRUnsure {
			unsure = append(unsure, c)
		}
	}
	fmt.Fprintf(w, "OCR: %s, 不确定 unsure (null): %d\n", res.Status, len(unsure))
	for _, c := range unsure {
		src := ""
		if c.OCR != nil {
			src = fmt.Sprintf(" (%s %d,%d %dx%d, conf %.0f)", c.OCR.Image, c.OCR.X, c.OCR.Y, c.OCR.W, c.OCR.H, c.OCR.Conf)
		}
		fmt.Fprintf(w, "  %s: read %q%s\n", c.Key, c.Raw, src)
	}
}

// picturesPage tells a page whose tables were read by OCR from its
// pictures: reextract leaves it as it is, since the archive keeps the
// pictures but not which page's src each one was (a scanned PDF or a
// picture file holds its own pixels and is read again).
func picturesPage(d touming.Document, body []byte) bool {
	return (d.Status == touming.StatusOCRVerified || d.Status == touming.StatusOCRReview) &&
		extract.Sniff(body, d.URL, d.ContentType) == extract.FormatHTML
}

// readByOCR says at once that a file was read by OCR (seconds each: a
// batch's progress line would come late), and counts it for the summary.
func (l *loader) readByOCR(r pipeline.Result) {
	if !r.Report.OCR {
		return
	}
	if l.ocr == nil {
		l.ocr = map[string]int{}
	}
	l.ocr[r.Document.Status]++
	l.e.log.Info("read by OCR", "file", r.Document.URL, "status", r.Document.Status,
		"unsure", len(r.Report.Unsure()), "failed_checks", len(r.Report.Failed()), "seconds", r.Elapsed.Round(time.Millisecond).Seconds())
}

// ocrSummary prints how many reports OCR read, verified and for review.
func (l *loader) ocrSummary() {
	if len(l.ocr) == 0 {
		return
	}
	fmt.Fprintf(l.e.stdout, "  %d read by OCR from pictures: %d ocr_verified, %d ocr_review (see the quality page)\n",
		l.ocr[touming.StatusOCRVerified]+l.ocr[touming.StatusOCRReview], l.ocr[touming.StatusOCRVerified], l.ocr[touming.StatusOCRReview])
}
