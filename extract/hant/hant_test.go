package hant

import (
	"testing"

	"github.com/touming/touming/extract/sheet"
)

// A traditional page's keys are folded to the simplified form's words,
// regional ones included (檔案 → 文件, 資訊 → 信息); Raw stays as printed.
func TestFoldKeys(t *testing.T) {
	var b sheet.Builder
	b.Para("某縣人民政府2023年政府資訊公開工作年度報告")
	b.Para("二、主動公開政府資訊情況（第二十條第（一）項）")
	b.Grid([][]sheet.Pos{{{Text: "行政規範性檔案", ID: 1}, {Text: "22", ID: 2}}, {{Text: "收到和處理政府資訊公開申請情況", ID: 3}, {Text: "總計", ID: 4}}})
	doc := b.Doc("某縣人民政府2023年政府資訊公開工作年度報告")
	if err := Fold(&doc); err != nil {
		t.Fatal(err)
	}
	grid := doc.Lines[2].Cells
	if grid[0].Key != sheet.LabelKey("行政规范性文件") || grid[0].Raw != "行政規範性檔案" {
		t.Errorf("cell %+v", grid[0])
	}
	if doc.Title != "某县人民政府2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", doc.Title)
	}
}

// A simplified page is left alone, a name or two in traditional included.
func TestSimplifiedUntouched(t *testing.T) {
	doc := sheet.Doc{Title: "某县2023年政府信息公开工作年度报告", Body: "台灣省政府資訊 某县人民政府政府信息公开", Lines: []sheet.Line{{Cells: []sheet.Cell{sheet.NewCell("資訊", 0, 1, 1)}}}}
	if err := Fold(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Lines[0].Cells[0].Key != "資訊" {
		t.Errorf("a simplified page was converted: %+v", doc.Lines[0].Cells[0])
	}
}
