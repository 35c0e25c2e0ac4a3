package extract

import (
	"strings"
	"testing"

	"github.com/touming/touming/extract/sheet"
)

func TestMeta(t *testing.T) {
	cases := []struct {
		title, body, agency string
		year                int
	}{
		{"2019年上海市人民政府办公厅政府信息公开工作年度报告", "发布日期：2020-01-31", "上海市人民政府办公厅", 2019},
		{"新乡县人民政府办公室2023年政府信息公开工作年度报告", "", "新乡县人民政府办公室", 2023},
		{"关于示例县财政局2022年度政府信息公开工作年度报告", "", "示例县财政局", 2022},
		{"示例市生态环境局2023年政府信息公开年度报告", "", "示例市生态环境局", 2023},
		{"", "本报告所列数据统计期限为2024年1月1日至2024年12月31日。2024年，平潭综合实验区坚持以…在实验区党工委、管委会坚强领导下", "平潭综合实验区管委会（平潭综合实验区）", 2024},
		{"", "本报告由示例县人民政府办公室根据《条例》编制。统计期限自2022年1月1日起。", "示例县人民政府办公室", 2022},
		{"", "2023年，示例县民政局坚持依法公开。", "示例县民政局", 2023},
	}
	for _, c := range cases {
		m := metaOf(c.title, c.body)
		if m.Agency != c.agency || m.Year != c.year {
			t.Errorf("%q / %q: agency %q year %d, want %q %d", c.title, c.body, m.Agency, m.Year, c.agency, c.year)
		}
	}
}

// TestTitleOf prefers the body heading that agrees with <title> over a
// menu entry naming another year's report.
func TestTitleOf(t *testing.T) {
	body := "首页\n政府信息公开年报\n示例县2021年政府信息公开工作年度报告\n示例县2023年政府信息公开工作年度报告\n发布日期：2024-01-20\n"
	if got := sheet.TitleOf("示例县2023年政府信息公开工作年度报告_示例县人民政府", body); got != "示例县2023年政府信息公开工作年度报告" {
		t.Errorf("title %q", got)
	}
	if got := sheet.TitleOf("", "一、总体情况\n"); got != "" {
		t.Errorf("title %q from a body without one", got)
	}
}

// TestInputTitle uses the link text for a page that prints no title.
func TestInputTitle(t *testing.T) {
	data, err := goldenInput("utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	page := strings.NewReplacer("<title>示例县人民政府2023年政府信息公开工作年度报告_示例县人民政府门户网站</title>", "",
		"<h1>示例县人民政府2023年政府信息公开工作年度报告</h1>", "").Replace(string(data))
	r, err := fromHTML(Input{Name: "t.html", Data: []byte(page), Title: "示例县审计局2023年政府信息公开工作年度报告"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Title != "示例县审计局2023年政府信息公开工作年度报告" || r.Meta.Agency != "示例县审计局" {
		t.Errorf("meta %+v", r.Meta)
	}
}
