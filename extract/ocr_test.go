package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/ocr"
)

// ocrExtractor returns an Extractor with OCR, or skips the test when
// Tesseract is not installed (fails in CI, where .ci/run installs it).
func ocrExtractor(t testing.TB) *Extractor {
	t.Helper()
	ts, err := ocr.FindTesseract("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI: %v", err)
		}
		t.Skip(err)
	}
	e := New(Config{OCR: ocr.NewReader(ts, 0)})
	t.Cleanup(func() { e.Close() })
	return e
}

const ocrData = "ocr/testdata"

func readTruth(t testing.TB, name string) map[string]*float64 {
	b, err := os.ReadFile(filepath.Join(ocrData, "truth", name+".truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]any
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	m := map[string]*float64{}
	for k, v := range all {
		if strings.HasPrefix(k, "meta.") {
			continue // the page's metadata, not its tables
		}
		switch v := v.(type) {
		case float64:
			m[k] = touming.Float(v)
		case nil:
			m[k] = nil
		} // meta.* strings: the metadata, not read from the pictures
	}
	return m
}

// truthScore compares a report with its truth: fields right, fields null (not
// read), and the keys read wrong.
func truthScore(r *touming.Report, truth map[string]*float64) (right, null int, wrong []string) {
	for k, want := range truth {
		got, ok := r.Values[k]
		switch {
		case !ok || got == nil:
			if want == nil {
				right++
			} else {
				null++
			}
		case want != nil && math.Abs(*got-*want) < 1e-6:
			right++
		default:
			w := "null"
			if want != nil {
				w = fmt.Sprint(*want)
			}
			wrong = append(wrong, fmt.Sprintf("%s=%v (truth %s)", k, *got, w))
		}
	}
	sort.Strings(wrong)
	return right, null, wrong
}

// ocrCase is a set of pictures of one corpus report's tables.
type ocrCase struct {
	stem, truth string
	files       []string
}

var ocrCases = []ocrCase{
	{"pingtan-96", "pingtan-2024", []string{"1.png", "2.png", "3.png"}},
	{"shanghai-150", "shanghai-office-2019", []string{"1.jpg", "2.jpg", "3.jpg"}},
	{"pingtan-200-rot", "pingtan-2024", []string{"1.jpg", "2.jpg", "3.jpg"}},
	{"shanghai-120-split", "shanghai-office-2019", []string{"1.png", "2.png", "3.png", "4.png"}},
}

var truthYear = map[string]int{"pingtan-2024": 2024, "shanghai-office-2019": 2019}

// ocrTitles are the pages' titles (the metadata is read from the page,
// not from its pictures).
var ocrTitles = map[string]string{
	"pingtan-2024":         "平潭综合实验区2024年政府信息公开工作年度报告",
	"shanghai-office-2019": "上海市人民政府办公厅2019年政府信息公开工作年度报告",
}

// TestOCRTruth reads the pictures of each report's tables and checks the
// values against the report's truth file: at least 97 % of the fields
// right, and no wrong number at all in a report whose checks all hold.
func TestOCRTruth(t *testing.T) {
	e := ocrExtractor(t)
	for _, c := range ocrCases {
		t.Run(c.stem, func(t *testing.T) {
			var imgs []namedImage
			for _, f := range c.files {
				name := filepath.Join(ocrData, "images", c.stem+"-"+f)
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				imgs = append(imgs, namedImage{name, b})
			}
			r, err := e.fromImages(c.stem, imgs, ocrTitles[c.truth], ocrTitles[c.truth])
			if err != nil {
				t.Fatal(err)
			}
			truth := readTruth(t, c.truth)
			right, null, wrong := truthScore(r, truth)
			status := touming.ReportStatus(r, nil)
			t.Logf("%s: %d/%d right, %d null, %d wrong, %d unsure, %d failed checks: %s", c.stem, right, len(truth), null, len(wrong), len(r.Unsure()), len(r.Failed()), status)
			for _, w := range wrong {
				t.Log("wrong:", w)
			}
			if os.Getenv("OCRVERBOSE") != "" {
				logNulls(t, r, truth)
			}
			if y := truthYear[c.truth]; r.Meta.Year != y {
				t.Errorf("year %d, want %d", r.Meta.Year, y)
			}
			if float64(right) < 0.97*float64(len(truth)) {
				t.Errorf("%d of %d fields right, want ≥ 97 %%", right, len(truth))
			}
			if len(r.Failed()) == 0 && len(wrong) > 0 {
				t.Errorf("every check holds but %d numbers are wrong: %v", len(wrong), wrong)
			}
		})
	}
}

// logNulls says, for each field with a truth that was read as null,
// whether OCR was unsure of its cell or the form did not place it.
func logNulls(t *testing.T, r *touming.Report, truth map[string]*float64) {
	cells := map[string]touming.Cell{}
	for _, c := range r.Cells {
		cells[c.Key] = c
	}
	var out []string
	for k, want := range truth {
		if want == nil || r.Values[k] != nil {
			continue
		}
		c, ok := cells[k]
		switch {
		case !ok:
			out = append(out, "not placed: "+k)
		default:
			conf := -1.0
			if c.OCR != nil {
				conf = c.OCR.Conf
			}
			out = append(out, fmt.Sprintf("%s: %s %q conf %.0f (truth %v) at %d,%d %s/%s", c.Class, k, c.Raw, conf, *want, c.Row, c.Col, c.RowLabel, c.ColLabel))
		}
	}
	sort.Strings(out)
	for _, o := range out {
		t.Log(o)
	}
}

// TestOCRScannedPDF: a PDF with no text layer (a noisy grey scan, slightly
// turned) is drawn by PDFium and read by OCR; nothing misread passes.
func TestOCRScannedPDF(t *testing.T) {
	e := ocrExtractor(t)
	name := filepath.Join(ocrData, "scanned-pingtan.pdf")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Extract(Input{Name: name, Data: b, Title: ocrTitles["pingtan-2024"]})
	if err != nil {
		t.Fatal(err)
	}
	truth := readTruth(t, "pingtan-2024")
	right, null, wrong := truthScore(r, truth)
	t.Logf("scan: %d/%d right, %d null, %d unsure: %s", right, len(truth), null, len(r.Unsure()), touming.ReportStatus(r, nil))
	if len(wrong) > 0 {
		t.Errorf("wrong numbers: %v", wrong)
	}
	// The scan is the hardest render: most of what is not read is unsure.
	if float64(right) < 0.9*float64(len(truth)) {
		t.Errorf("%d of %d fields right, want ≥ 90 %%", right, len(truth))
	}
	if r.Cells[0].OCR == nil || !strings.Contains(r.Cells[0].OCR.Image, "#page=") {
		t.Errorf("cell source %+v: want the page it was read from", r.Cells[0].OCR)
	}
}

// TestOCRPage: a page whose tables are pictures names them when they are
// not given, and is read from them when they are.
func TestOCRPage(t *testing.T) {
	e := ocrExtractor(t)
	name := filepath.Join(ocrData, "pages", "pingtan-images.html")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Extract(Input{Name: name, Data: b})
	var need *NeedImagesError
	if !errors.As(err, &need) || len(need.Srcs) != 3 || !errors.Is(err, touming.ErrNoTables) {
		t.Fatalf("without its pictures: %v, want the 3 pictures named", err)
	}
	imgs := map[string][]byte{}
	for _, src := range need.Srcs {
		if imgs[src], err = os.ReadFile(filepath.Join(filepath.Dir(name), src)); err != nil {
			t.Fatal(err)
		}
	}
	r, err := e.Extract(Input{Name: name, Data: b, Images: imgs})
	if err != nil {
		t.Fatal(err)
	}
	if st := touming.ReportStatus(r, nil); st != touming.StatusOCRReview && st != touming.StatusOCRVerified {
		t.Errorf("status %s", st)
	}
	right, _, wrong := truthScore(r, readTruth(t, "pingtan-2024"))
	if len(wrong) > 0 || right < 190 || r.Meta.Year != 2024 {
		t.Errorf("%d right, wrong %v, year %d", right, wrong, r.Meta.Year)
	}
}

// TestOCRUnavailable: without Tesseract a page of pictures keeps the
// status no_tables and a scan no_text, and the error says OCR is missing.
func TestOCRUnavailable(t *testing.T) {
	e := New(Config{})
	defer e.Close()
	for _, f := range []string{"pages/pingtan-images.html", "scanned-pingtan.pdf"} {
		b, err := os.ReadFile(filepath.Join(ocrData, f))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.Extract(Input{Name: f, Data: b})
		want := touming.StatusNoTables
		if strings.HasSuffix(f, ".pdf") {
			want = touming.StatusNoText
		}
		if st := touming.ReportStatus(nil, err); st != want || !errors.Is(err, ocr.ErrUnavailable) {
			t.Errorf("%s: %s (%v), want %s and OCR unavailable", f, st, err, want)
		}
	}
}
