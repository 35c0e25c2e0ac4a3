package registry

import (
	"strings"
	"testing"
)

func TestParseOverridesErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"code\tportal\n", "fix.tsv:1: header"},
		{OverrideColumns + "\n41072\thttp://a.gov.cn/\n", `fix.tsv:2: code "41072"`},
		{OverrideColumns + "\n# a comment\n410721\tftp://a.gov.cn/\n", `fix.tsv:3: portal "ftp://a.gov.cn/"`},
		{OverrideColumns + "\n410721\t\tnot a url\n", `fix.tsv:2: column "not a url"`},
		{OverrideColumns + "\n410721\thttp://a.gov.cn/\t\t2026-13-01\n", `fix.tsv:2: checked "2026-13-01"`},
		{OverrideColumns + "\n410721\t-\n410721\t-\n", "fix.tsv:3: code 410721 is already overridden on line 2"},
		{OverrideColumns + "\n410721\t-\t\t\tnote\textra\n", "fix.tsv:2: 6 columns"},
	} {
		_, err := ParseOverrides("fix.tsv", []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.data, err, c.want)
		}
	}
}

// TestOverridesWin: a correction replaces the hint's URLs, settles an
// ambiguous hint, removes a portal with "-", and only a check date marks
// an entry verified.
func TestOverridesWin(t *testing.T) {
	r := load(t)
	data := OverrideColumns + "\n" +
		"410721\thttps://www.xinxiangxian.gov.cn/\thttps://www.xinxiangxian.gov.cn/zwgk/ndbg/\t2026-05-02\tmoved host\r\n" +
		"310107\thttps://www.shpt.gov.cn/\n" +
		"410724\t-\t\t\tno portal of its own\n" +
		"410725\t\thttp://www.yuanyang.gov.cn/xxgk/\n"
	list, err := ParseOverrides("fix.tsv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := r.Entry("410725")
	if err := r.Apply("fix.tsv", list); err != nil {
		t.Fatal(err)
	}
	e, _ := r.Entry("410721")
	if e.Portal != "https://www.xinxiangxian.gov.cn/" || e.Column == "" || e.Verified != "2026-05-02" || e.From[len(e.From)-1].String() != "fix.tsv line 2" {
		t.Errorf("410721: %+v", e)
	}
	if e, _ := r.Entry("310107"); !e.Usable() || e.Verified != "" || e.Portal != "https://www.shpt.gov.cn/" {
		t.Errorf("310107: an override settles the ambiguity, still unverified without a date: %+v", e)
	}
	if e, _ := r.Entry("410724"); e.Usable() || e.Portal != "" || !strings.Contains(e.Problem, "fix.tsv:4") {
		t.Errorf("410724: %+v", e)
	}
	if e, _ := r.Entry("410725"); e.Portal != before.Portal || e.Column != "http://www.yuanyang.gov.cn/xxgk/" {
		t.Errorf("410725: an empty portal keeps the hint's: %+v", e)
	}
	if err := r.Apply("fix.tsv", []Override{{Line: 9, Code: "419999"}}); err == nil || !strings.Contains(err.Error(), "fix.tsv:9") {
		t.Errorf("unknown code: %v", err)
	}
}

func TestForeignTitle(t *testing.T) {
	r := load(t)
	for _, c := range []struct {
		code, title, other string
	}{
		{"410721", "新乡县人民政府门户网站", ""},
		{"410721", "新乡市新乡县人民政府", ""},
		{"410721", "首页", ""},
		{"410721", "获嘉县人民政府", "获嘉县"},
		{"310107", "舟山市普陀区人民政府门户网站", "舟山市"},
		{"330903", "舟山市普陀区人民政府门户网站", ""},
		{"222404", "延边朝鲜族自治州人民政府", "延边朝鲜族自治州"},
		{"110105", "北京市朝阳区人民政府网站", ""},
	} {
		other, foreign := r.ForeignTitle(c.code, c.title)
		if other != c.other || foreign != (c.other != "") {
			t.Errorf("%s %q: %q %v, want %q", c.code, c.title, other, foreign, c.other)
		}
	}
}
