package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// extractGolden extracts one golden input.
func extractGolden(t *testing.T, name string) (*touming.Report, error) {
	t.Helper()
	data, err := goldenInput(name)
	if err != nil {
		t.Fatal(err)
	}
	x := New(Config{})
	defer x.Close()
	return x.Extract(Input{Name: name, Data: data})
}

// A text cut before table 四 is partial, names 四, keeps tables 二 and 三
// as read, and leaves every value of 四 null (none invented).
func TestPartialCutText(t *testing.T) {
	r, err := extractGolden(t, "cut-before-table4.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Partial(); !slices.Equal(got, []string{"四"}) || touming.ReportStatus(r, nil) != touming.StatusPartial {
		t.Fatalf("partial %v, tables %+v", got, r.Tables)
	}
	if r.Tables[2].Note != "not found" {
		t.Errorf("note %q", r.Tables[2].Note)
	}
	full, err := extractGolden(t, "pdftotext-layout.txt")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range r.Values {
		group := strings.SplitN(k, ".", 2)[0]
		switch {
		case group == "review" || group == "lit_direct" || group == "lit_after_review":
			if v != nil {
				t.Errorf("%s = %g in a text cut before table 四", k, *v)
			}
		case fmtVal(v) != fmtVal(full.Values[k]):
			t.Errorf("%s = %s, the whole text gives %s", k, fmtVal(v), fmtVal(full.Values[k]))
		}
	}
}

// A page holding only table 四, its header stacked a character to a line,
// is read: partial, 二 and 三 not found.
func TestFragmentTable4(t *testing.T) {
	r, err := extractGolden(t, "table4-fragment.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Partial(); !slices.Equal(got, []string{"二", "三"}) {
		t.Errorf("partial %v", got)
	}
	want := map[string]float64{"review.upheld": 1, "review.pending": 1, "review.total": 2, "lit_direct.upheld": 1, "lit_direct.corrected": 3, "lit_direct.total": 6, "lit_after_review.total": 6}
	for k, w := range want {
		if v := r.Values[k]; v == nil || *v != w {
			t.Errorf("%s = %s, want %g", k, fmtVal(v), w)
		}
	}
}

// The national template with empty tables is no report, said so.
func TestBlankForm(t *testing.T) {
	_, err := extractGolden(t, "blank-form.html")
	if touming.StatusOf(err) != touming.StatusNotReport || !strings.Contains(err.Error(), "blank form") {
		t.Errorf("got %v, want not a report: blank form", err)
	}
}

// Tables whose rows match none of the form's are named, with the first row.
func TestUnplacedRowsNamed(t *testing.T) {
	_, err := extractGolden(t, "unplaced-rows.html")
	if touming.StatusOf(err) != touming.StatusNoTables || !strings.Contains(err.Error(), "table 三") || !strings.Contains(err.Error(), "甲类事项") {
		t.Errorf("got %v, want the table and first row named", err)
	}
}

// A report's page that says 全文详见附件 is neither a report nor a list of
// reports: its error carries the attachment link for the crawler.
func TestReportInAttachment(t *testing.T) {
	_, err := extractGolden(t, "attachment-page.html")
	links, ok := touming.AttachmentLinks(err)
	if !ok || touming.StatusOf(err) != touming.StatusNotReport || !slices.Equal(links, []string{"/zwgk/ndbg/202401/P020240118512345.pdf"}) {
		t.Errorf("got %v (links %v), want the attachment named", err, links)
	}
}
