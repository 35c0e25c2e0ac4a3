package crawl

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeHTML(t *testing.T) {
	page := `<html><head>%s</head><body><a href="a.htm">2023年政府信息公开工作年度报告</a> 镕</body></html>`
	want := "2023年政府信息公开工作年度报告"
	for _, c := range []struct {
		name string
		body []byte
		ct   string
	}{
		{"utf-8 header", []byte(strings.Replace(page, "%s", "", 1)), "text/html; charset=utf-8"},
		{"gbk header", gbk(t, strings.Replace(page, "%s", "", 1)), "text/html; charset=GBK"},
		{"gb2312 meta, no header charset", gbk(t, strings.Replace(page, "%s", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, 1)), "text/html"},
		{"no charset anywhere, GBK bytes", gbk(t, strings.Replace(page, "%s", "", 1)), "text/html"},
		{"no charset anywhere, UTF-8 bytes", []byte(strings.Replace(page, "%s", "", 1)), ""},
		{"BOM", append([]byte("\xef\xbb\xbf"), strings.Replace(page, "%s", "", 1)...), "text/html"},
		// A template left the old label in place after the site moved to UTF-8.
		{"gb2312 meta, UTF-8 bytes", []byte(strings.Replace(page, "%s", `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`, 1)), "text/html"},
	} {
		got := decodeHTML(c.body, c.ct)
		if !strings.Contains(got, want) || !strings.Contains(got, "镕") || strings.HasPrefix(got, "\ufeff") {
			t.Errorf("%s: decoded to %.120q", c.name, got)
		}
	}
}

func TestTRSPagesFromScript(t *testing.T) {
	base, _ := url.Parse("http://x.gov.cn/zwgk/ndbg/index.htm")
	for _, c := range []struct {
		script string
		want   int
	}{
		{`createPageHTML(3, 0, "index", "htm");`, 2},
		{"var currentPage = 0;\nvar countPage = 4//共多少页\ncreatePageHTML(countPage, currentPage, \"index\", \"htm\");", 3},
		{`createPageHTML('page_div',5,1,'index','shtml',57);`, 4},
		{`createPageHTML(1, 0, "index", "htm");`, 0},
		{`document.write("no pages")`, 0},
	} {
		vars := map[string]int{}
		for _, m := range varRE.FindAllStringSubmatch(c.script, -1) {
			vars[m[1]] = atoi(m[2])
		}
		got := trsPages(base, c.script, vars)
		if len(got) != c.want {
			t.Errorf("%q: %d pages, want %d", c.script, len(got), c.want)
			continue
		}
		if c.want > 0 && !strings.HasPrefix(got[0].String(), "http://x.gov.cn/zwgk/ndbg/index_1.") {
			t.Errorf("%q: first page %s", c.script, got[0])
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func TestHanwebRecordsAreLinks(t *testing.T) {
	base, _ := url.Parse("http://hj.gov.cn/col/col1201/index.html")
	page := `<div id="5"><script type="text/xml"><datastore><recordset>
<record><![CDATA[<li><a href="/art/2024/1/18/art_1201_1.html" title="获嘉县人民政府2023年政府信息公开工作年度报告">获嘉县…</a></li>]]></record>
</recordset></datastore></script></div><a href="/col/col1201/index.html?uid=5&pageNum=2">下一页</a>`
	links, _ := pageLinks(base, page)
	if len(links) != 2 {
		t.Fatalf("links: %+v", links)
	}
	pager, record := links[0], links[1]
	if record.title != "获嘉县人民政府2023年政府信息公开工作年度报告" || record.url.Path != "/art/2024/1/18/art_1201_1.html" {
		t.Errorf("record link: %+v", record)
	}
	if !isPager(pager, base) || pager.url.RawQuery != "uid=5&pageNum=2" {
		t.Errorf("query-string page link not kept: %+v", pager)
	}
}

func TestClassifyTitles(t *testing.T) {
	for title, want := range map[string][2]bool{
		"新乡县人民政府2023年政府信息公开工作年度报告":       {true, false},
		"2022年度政府信息公开工作年报":               {true, false},
		"关于做好2023年政府信息公开工作年度报告编制发布工作的通知": {false, true},
		"图解：2023年政府信息公开工作年度报告":           {false, true},
		"新乡县2024年政务公开工作要点":               {false, false},
		"2023年全县经济运行情况通报":                {false, false},
		"政府信息公开年报":                       {false, false},
		"县财政局2021年度政府信息公开工作年度报告（征求意见稿）":  {true, false},
	} {
		r, l := isReportTitle(title)
		if r != want[0] || l != want[1] {
			t.Errorf("%s: report %v, look-alike %v; want %v", title, r, l, want)
		}
	}
}

func TestNormalizeDropsOnlyTracking(t *testing.T) {
	for in, want := range map[string]string{
		"http://a.gov.cn/art/1.html?from=list":                  "http://a.gov.cn/art/1.html",
		"http://a.gov.cn/art/1.html?from=list#top":              "http://a.gov.cn/art/1.html",
		"http://a.gov.cn/col/index.html?uid=5&pageNum=2":        "http://a.gov.cn/col/index.html?uid=5&pageNum=2",
		"http://a.gov.cn/col/index.html?pageNum=2&utm_source=x": "http://a.gov.cn/col/index.html?pageNum=2",
		"http://A.gov.cn": "http://a.gov.cn/",
	} {
		u, _ := url.Parse(in)
		if got := normalize(u).String(); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}

func TestAttachmentsAndSites(t *testing.T) {
	u := func(s string) *url.URL { x, _ := url.Parse(s); return x }
	if !isAttachment(u("http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=2301.pdf"), "") ||
		!isAttachment(u("http://a.gov.cn/P0201.DOCX"), "") || isAttachment(u("http://a.gov.cn/art/1.html"), "新闻") {
		t.Error("attachment detection")
	}
	if !sameSite(u("http://xxgk.xinxiang.gov.cn/a"), u("http://www.xinxiang.gov.cn/")) ||
		sameSite(u("http://www.henan.gov.cn/"), u("http://www.xinxiang.gov.cn/")) ||
		sameSite(u("http://127.0.0.1:81/"), u("http://127.0.0.1:80/")) {
		t.Error("site detection")
	}
}

func TestParseSources(t *testing.T) {
	good := "sources:\n  - id: xinxiang-county\n    name: 新乡县人民政府\n    region: \"410721\"\n    start:\n      - https://www.xxx.gov.cn/zwgk/\n    deny: ['/ywdt/']\n    title: '政府信息公开'\n"
	srcs, err := ParseSources("s.yaml", []byte(good))
	if err != nil || len(srcs) != 1 || srcs[0].Region != "410721" || srcs[0].Deny[0] != "/ywdt/" || srcs[0].TitlePattern == "" {
		t.Fatalf("%+v %v", srcs, err)
	}
	alias := strings.Replace(good, "    title:", "    title_pattern:", 1)
	if srcs, err := ParseSources("s.yaml", []byte(alias)); err != nil || srcs[0].TitlePattern != "政府信息公开" {
		t.Errorf("title_pattern: %+v %v", srcs, err)
	}
	for _, c := range []struct{ yaml, want string }{
		{"sources:\n  - id: a\n    name: A\n    start: [http://a/]\n  - id: a\n    name: B\n    start: [http://b/]\n", "s.yaml:5: source 2: id \"a\" is used twice (first on line 2)"},
		{"sources:\n  - id: a\n    name: A\n    start: [ftp://a/]\n", "s.yaml:2: source 1: a: start \"ftp://a/\" is not an http(s) URL"},
		{"sources:\n  - id: a\n    name: A\n    region: 4107\n    start: [http://a/]\n", "region \"4107\" is not a six-digit"},
		{"sources:\n  - id: a\n    name: A\n    start: [http://a/]\n    deny: ['(']\n", "pattern \"(\""},
		{"sources:\n  - id: a\n    nmae: A\n", "[3:5] unknown field \"nmae\""},
		{"sources:\n  - id: a\n   name: [\n", "s.yaml"},
		{"other: 1\n", "[1:1] unknown field \"other\""},
		{"sources: []\n", "no sources"},
	} {
		_, err := ParseSources("s.yaml", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.yaml, err, c.want)
		}
	}
}

func TestRedirectingHomePages(t *testing.T) {
	base, _ := url.Parse("http://www.x.gov.cn/")
	for page, want := range map[string]string{
		`<html><head><meta http-equiv="Refresh" content="0; URL=/portal/index.shtml"></head></html>`: "http://www.x.gov.cn/portal/index.shtml",
		`<script>window.location.href = "zwgk/index.html";</script>`:                                 "http://www.x.gov.cn/zwgk/index.html",
		`<script language="javascript">location.replace('https://www.x.gov.cn/new/')</script>`:       "https://www.x.gov.cn/new/",
	} {
		_, implied := pageLinks(base, page)
		if len(implied) != 1 || implied[0].String() != want {
			t.Errorf("%s: implied %v, want %s", page, implied, want)
		}
	}
}
