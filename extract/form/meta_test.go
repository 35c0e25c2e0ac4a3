package form

import "testing"

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
		{"", "本报告由示例县人民政府办公室根据《条例》编制。统计期限自2022年1月1日起。", "示例县人民政府", 2022}, // the government the office compiled it for,
		{"", "2023年，示例县民政局坚持依法公开。", "示例县民政局", 2023},
		// the compiling office is not the body the report is about
		{"", "本报告由某某县人民政府办公室编制。2023年1月1日起", "某某县人民政府", 2023},
		// never doubled
		{"某县人民政府某县人民政府2023年政府信息公开工作年度报告", "", "某县人民政府", 2023},
		{"某县人民政府（某县人民政府）2023年政府信息公开工作年度报告", "", "某县人民政府", 2023},
	}
	for _, c := range cases {
		m := metaOf(c.title, c.body)
		if m.Agency != c.agency || m.Year != c.year {
			t.Errorf("%q / %q: agency %q year %d, want %q %d", c.title, c.body, m.Agency, m.Year, c.agency, c.year)
		}
	}
}
