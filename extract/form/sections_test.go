package form

import (
	"testing"

	"github.com/touming/touming/extract/sheet"
)

func textLine(s string, kind sheet.Kind) sheet.Line {
	return sheet.Line{Kind: kind, Grid: -1, Cells: []sheet.Cell{{Raw: s, ID: 1}}}
}

func TestSections(t *testing.T) {
	lines := []sheet.Line{
		textLine("XX县人民政府2023年政府信息公开工作年度报告", sheet.KindHeading),
		textLine("一、总体情况", sheet.KindHeading),
		textLine("2023年，本县共收到申请12件。", sheet.KindSpaced),
		textLine("二、主动公开政府信息情况", sheet.KindHeading),
		{Kind: sheet.KindGrid, Cells: []sheet.Cell{{Raw: "规章", ID: 1}, {Raw: "3", ID: 2}}},
		textLine("三、收到和处理政府信息公开申请情况", sheet.KindHeading),
		textLine("一、本年新收政府信息公开申请数量", sheet.KindSpaced), // a row of the table, not a section
		textLine("五、存在的主要问题及改进情况", sheet.KindHeading),
		textLine("问题一。", sheet.KindSpaced),
	}
	got := sections(sheet.Doc{Lines: lines})
	want := []string{"一", "二", "三", "五"}
	if len(got) != len(want) {
		t.Fatalf("sections = %+v, want numbers %v", got, want)
	}
	for i, n := range want {
		if got[i].Number != n {
			t.Errorf("section %d = %s, want %s", i, got[i].Number, n)
		}
	}
	if got[0].Text != "2023年，本县共收到申请12件。\n" {
		t.Errorf("section 一 text = %q", got[0].Text)
	}
	if got[1].Text != "" {
		t.Errorf("section 二 kept a table row: %q", got[1].Text)
	}
	if got[2].Text != "一、本年新收政府信息公开申请数量\n" {
		t.Errorf("section 三 text = %q", got[2].Text)
	}
}

// TestSectionsFromTheBody: a long paragraph is in the body only, and the
// body is read first.
func TestSectionsFromTheBody(t *testing.T) {
	long := "我们将进一步健全政策解读机制，推动解读材料与政策文件同步起草、同步审批、同步发布。"
	doc := sheet.Doc{Body: "一、总体情况\n短句。\n五、存在的主要问题及改进情况\n" + long + "\n六、其他需要报告的事项\n无。\n",
		Lines: []sheet.Line{textLine("一、总体情况", sheet.KindHeading)}}
	got := sections(doc)
	if len(got) != 3 || got[1].Number != "五" || got[1].Text != long+"\n" {
		t.Fatalf("sections = %+v, want 一, 五 with the long paragraph, 六", got)
	}
}
