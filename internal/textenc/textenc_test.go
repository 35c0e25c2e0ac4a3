package textenc

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const text = "政府信息公开工作年度报告 “三安全一稳定” 䶮" // 䶮 is outside GB2312/GBK: GB18030
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, ct string
		data     []byte
		html     bool
	}{
		{"header", "text/html; charset=GBK", gb, true},
		{"header gb2312 with a GB18030 character", "text/html; charset=gb2312", gb, true},
		{"meta", "", append([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`), gb...), true},
		{"meta html5", "", append([]byte(`<meta charset='GBK'>`), gb...), true},
		{"detected", "", gb, false},
		{"utf-8 bom", "", append([]byte{0xEF, 0xBB, 0xBF}, text...), false},
		{"utf-8 declared gbk (stale label)", "text/html; charset=gbk", []byte(text), true},
		{"gbk declared utf-8 (wrong label)", "text/html; charset=utf-8", gb, true},
	}
	for _, c := range cases {
		out, err := Decode(c.data, c.ct, c.html)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := string(out); len(got) < len(text) || got[len(got)-len(text):] != text {
			t.Errorf("%s: got %q", c.name, got)
		}
	}
	if _, err := Decode(gbk(t, "年度报告"), "", false); err != nil {
		t.Fatal(err)
	}
}
