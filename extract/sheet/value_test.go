package sheet

import (
	"testing"

	"github.com/touming/touming"
)

func TestParseValue(t *testing.T) {
	cases := []struct {
		raw   string
		class touming.CellClass
		value float64
		yuan  bool
	}{
		{"0", touming.ClassZero, 0, false},
		{"12", touming.ClassNumber, 12, false},
		{"１２", touming.ClassNumber, 12, false}, // full width
		{" 3,985,758 ", touming.ClassNumber, 3985758, false},
		{"22（其中修订16件）", touming.ClassNumber, 22, false},
		{"22(其中修订16件)", touming.ClassNumber, 22, false},
		{"18651.06", touming.ClassNumber, 18651.06, false},
		{"-12", touming.ClassNumber, -12, false}, // 本年增/减
		{"251000元", touming.ClassNumber, 251000, true},
		{"25.1万元", touming.ClassNumber, 25.1, false},
		{"6件", touming.ClassNumber, 6, false},
		{"", touming.ClassBlank, 0, false},
		{"\u00a0 ", touming.ClassBlank, 0, false},
		{"/", touming.ClassDash, 0, false},
		{"／", touming.ClassDash, 0, false},
		{"—", touming.ClassDash, 0, false},
		{"-", touming.ClassDash, 0, false},
		{"无", touming.ClassDash, 0, false},
		{"见附件", touming.ClassText, 0, false},
		{"12abc", touming.ClassText, 0, false},
		{"1.属于国家秘密", touming.ClassText, 0, false},
	}
	for _, c := range cases {
		p := Parse(c.raw)
		if p.Class != c.class || p.Num != c.value || p.Yuan != c.yuan {
			t.Errorf("Parse(%q) = %+v, want class %s value %g yuan %v", c.raw, p, c.class, c.value, c.yuan)
		}
	}
}

func TestLabelKey(t *testing.T) {
	cases := map[string]string{
		"（三）不予公开":            "不予公开",
		"2.其他法律行政止公开":        "其他法律行政法规禁止公开", // the known typo
		"三、本<年\u00a0度>办 理结果": "本年度办理结果",
		"一、本年新收政府信息公开申请数量":   "本年新收政府信息公开申请数量",
		"3.危及“三安全一稳定”":       "危及三安全一稳定",
		"本年收费金额（单位：万元）":      "本年收费金额单位万元",
		"行政\n规范性\u3000文件":    "行政规范性文件",
		"（七）总计":              "总计",
		"三安全一稳定":             "三安全一稳定", // an ordinal not followed by a label word stays
	}
	for in, want := range cases {
		if got := LabelKey(in); got != want {
			t.Errorf("LabelKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseValueNotes(t *testing.T) {
	for _, raw := range []string{"12*", "12※", "12①", "12注：含转办"} {
		if p := Parse(raw); p.Class != touming.ClassNumber || p.Num != 12 {
			t.Errorf("Parse(%q) = %+v, want 12 with its note kept in raw", raw, p)
		}
	}
}
