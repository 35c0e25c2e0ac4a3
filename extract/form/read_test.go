package form

import (
	"testing"

	"github.com/touming/touming/extract/sheet"
)

// Read needs nothing but a Doc: a table 四 given as grid lines (as any
// reader, OCR included, would hand it over) is read by its header words.
func TestReadTable4FromDoc(t *testing.T) {
	var b sheet.Builder
	b.Para("某县人民政府2023年政府信息公开工作年度报告")
	b.Para("四、政府信息公开行政复议、行政诉讼情况")
	cols := []string{"维持", "纠正", "其他结果", "尚未审结", "总计"}
	hdr := []sheet.Pos{}
	row := []sheet.Pos{}
	id := 0
	for _, g := range []string{"行政复议", "未经复议直接起诉", "复议后起诉"} {
		for j, c := range cols {
			id++
			hdr = append(hdr, sheet.Pos{Text: c, ID: id})
			id++
			row = append(row, sheet.Pos{Text: []string{"1", "0", "2", "0", "3"}[j], ID: id})
		}
		_ = g
	}
	top := []sheet.Pos{}
	for i, g := range []string{"行政复议", "未经复议直接起诉", "复议后起诉"} {
		for range cols {
			top = append(top, sheet.Pos{Text: g, ID: 1000 + i})
		}
	}
	b.Grid([][]sheet.Pos{top, hdr, row})
	rep, err := Read(b.Doc("某县人民政府2023年政府信息公开工作年度报告"))
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]float64{"review.upheld": 1, "review.other": 2, "review.total": 3, "lit_after_review.total": 3} {
		if v := rep.Values[k]; v == nil || *v != want {
			t.Errorf("%s = %v, want %g", k, v, want)
		}
	}
	if rep.Meta.Agency != "某县人民政府" || rep.Meta.Year != 2023 {
		t.Errorf("meta %+v", rep.Meta)
	}
}
