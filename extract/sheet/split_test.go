package sheet

import (
	"strings"
	"testing"
)

// TestSplitNarrowLine: a row's numbers leave its label at one space, and
// labels that end in digits or years stay whole.
func TestSplitNarrowLine(t *testing.T) {
	cases := map[string]string{
		"           3.补正后申请内容仍不明确 0     0   0": "3.补正后申请内容仍不明确|0|0|0",
		"      （六）其 1.申请人无正当理由逾期不 1     0":     "（六）其 1.申请人无正当理由逾期不|1|0",
		"规章 0 0 0":             "规章|0|0|0",
		"行政规范性文件 2 - 7":        "行政规范性文件|2|-|7",
		"第二十条第（八）项":            "第二十条第（八）项",
		"2024 年，平潭综合实验区坚持":     "2024 年，平潭综合实验区坚持",
		"统计期限为 2019 年 1 月 1 日": "统计期限为 2019 年 1 月 1 日",
		"政府信息 10407":           "政府信息|10407",
		"注 1.5 2":              "注|1.5|2",
		"Table 3 4":            "Table 3 4",
		"2019 2020":            "2019|2020",
		"信息内容（单位：件） 3":         "信息内容（单位：件）|3",
		"（二）部分公开（区分处理的，只 4 1":  "（二）部分公开（区分处理的，只|4|1",
	}
	for in, want := range cases {
		l, _ := Split(in, 0)
		var got []string
		for _, p := range l.Cells {
			got = append(got, p.Raw)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%q: got %q, want %q", in, g, want)
		}
	}
}

// Cells run together are split only where the split is sure: zeros.
func TestSpreadZeros(t *testing.T) {
	cases := map[string]string{
		"规章000":              "规章|0|0|0",
		"6.属于四类过程性信息0000000": "6.属于四类过程性信息|0|0|0|0|0|0|0",
		"规章  000":            "规章|0|0|0",
		"规章1012":             "规章1012",
		"规章  1  0  12":       "规章|1|0|12",
		"统计期限为2019年1月1日至2020年": "统计期限为2019年1月1日至2020年",
	}
	for in, want := range cases {
		l, _ := Split(in, 0)
		var got []string
		for _, c := range l.Cells {
			got = append(got, c.Raw)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%q: got %q, want %q", in, g, want)
		}
	}
}
