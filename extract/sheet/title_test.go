package sheet

import "testing"

// TestTitleOf prefers the body heading that agrees with <title> over a
// menu entry naming another year's report.
func TestTitleOf(t *testing.T) {
	body := "首页\n政府信息公开年报\n示例县2021年政府信息公开工作年度报告\n示例县2023年政府信息公开工作年度报告\n发布日期：2024-01-20\n"
	if got := TitleOf("示例县2023年政府信息公开工作年度报告_示例县人民政府", body); got != "示例县2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", got)
	}
	if got := TitleOf("", "一、总体情况\n"); got != "" {
		t.Errorf("title %q from a body without one", got)
	}
}

func TestDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-01-20 09:30:00": "2024-01-20", "2024年1月5日": "2024-01-05", "2023/12/31": "2023-12-31",
		"t20240120_1234": "2024-01-20", "20241399": "", "no date": "",
	} {
		if got, _ := Date(in); got != want {
			t.Errorf("Date(%q) = %q, want %q", in, got, want)
		}
	}
}

// A title printed over two lines keeps its first (the body's name), so
// that the agency is the title's, not the compiling office's.
func TestTitleOverTwoLines(t *testing.T) {
	body := "某某县人民政府\n2023年政府信息公开工作年度报告\n本报告由某某县人民政府办公室编制。\n"
	if got := TitleOf("", body); got != "某某县人民政府2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", got)
	}
	if got := TitleOf("", "首页\n2023年政府信息公开工作年度报告\n"); got != "2023年政府信息公开工作年度报告" {
		t.Errorf("a menu word was taken for the body: %q", got)
	}
}

// A site header or menu that names the report column is no title.
func TestTextTitleNeedsYear(t *testing.T) {
	if got := TextTitle([]string{"某县人民政府门户网站", "首页 > 政务公开 > 年度报告", "第 4 页"}); got != "" {
		t.Errorf("title %q from a site header", got)
	}
	if got := TextTitle([]string{"某县人民政府", "2023年政府信息公开工作年度报告"}); got != "某县人民政府2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", got)
	}
}
