package form

import (
	"testing"

	"github.com/touming/touming/extract/sheet"
)

// TestAlignSkipsAndMisses: a subtotal row the form lacks is left out and a
// missing row leaves its template row empty; neither shifts the others.
func TestAlignSkipsAndMisses(t *testing.T) {
	m := sharedModel()
	labels := []string{"本年新收政府信息公开申请数量", "予以公开", "属于国家秘密", "小计", "本机关不掌握相关政府信息", "总计"}
	recs := make([]record, len(labels))
	for i, l := range labels {
		recs[i] = record{leaf: sheet.LabelKey(l)}
	}
	got := align(recs, m.rows21)
	want := []string{"apply.new_received", "apply.granted", "apply.denied_state_secret", "", "apply.unable_not_held", "apply.total_processed"}
	for i, j := range got {
		name := ""
		if j >= 0 {
			name = m.rows21[j].prefix
		}
		if name != want[i] {
			t.Errorf("row %q → %q, want %q", labels[i], name, want[i])
		}
	}
}

// TestAlignWrapped matches rows whose labels wrap over lines (pdftotext):
// the fragments around a row of numbers name it.
func TestAlignWrapped(t *testing.T) {
	m := sharedModel()
	recs := []record{
		{leaf: sheet.LabelKey("正、行政机关不再处理其政府信"), ctx: sheet.LabelKey("1、申请人无正当理由逾期不补") + sheet.LabelKey("息公开申请")},
		{leaf: sheet.LabelKey("求缴纳费用、行政机关不再处理"), ctx: sheet.LabelKey("2、申请人逾期未按收费通知要") + sheet.LabelKey("其政府信息公开申请")},
		{leaf: sheet.LabelKey("3、其他")},
	}
	got := align(recs, m.rows21)
	for i, want := range []string{"apply.other_no_correction", "apply.other_unpaid_fee", "apply.other_other"} {
		if got[i] < 0 || m.rows21[got[i]].prefix != want {
			t.Errorf("record %d → %d, want %s", i, got[i], want)
		}
	}
}
