package crawl

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

// site is a loopback portal whose pages are given by path; a path not
// listed answers 404, as a portal's CMS does.
func site(t *testing.T, pages map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		switch {
		case !ok:
			http.NotFound(w, r)
		case strings.HasPrefix(body, "redirect "):
			http.Redirect(w, r, strings.TrimPrefix(body, "redirect "), http.StatusMovedPermanently)
		case strings.HasPrefix(body, "status "):
			code := map[string]int{"412": 412, "403": 403}[strings.Fields(body)[1]]
			w.WriteHeader(code)
			w.Write([]byte(strings.Join(strings.Fields(body)[2:], " ")))
		case strings.HasSuffix(r.URL.Path, ".txt"):
			w.Write([]byte(body))
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func page(title, body string) string {
	return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body +
		"<div class=\"footer\">主办单位：人民政府办公室 地址：人民路1号 电话：0373-1234567 版权所有 网站标识码 4107000001 ICP备案</div></body></html>"
}

// a column with two reports, paged by TRS's script
const trsColumn = `<ul><li><a href="/art/2023.html">某县2023年政府信息公开工作年度报告</a></li>
<li><a href="/art/2022.html">某县2022年政府信息公开工作年度报告</a></li></ul>
<script>createPageHTML(1, 0, "index", "html");</script>`

// home links the disclosure section and a few ordinary columns.
const home = `<a href="/xwzx/">新闻中心</a><a href="/zwfw/">政务服务</a><a href="/hdjl/">互动交流</a>
<a href="/xxgk/">政府信息公开</a>`

func reports() map[string]string {
	return map[string]string{"/art/2023.html": page("报告", "表格"), "/art/2022.html": page("报告", "表格")}
}

func with(base map[string]string, more map[string]string) map[string]string {
	for k, v := range more {
		base[k] = v
	}
	return base
}

// discover runs one pass over one source and returns its discovery.
func discover(t *testing.T, start string, known []string) touming.Discovery {
	t.Helper()
	cfg := fastConfig()
	cfg.Known = map[string][]string{"s": known}
	src := touming.Source{ID: "s", Name: "某县人民政府", Start: []string{start}}
	sum, err := Run(context.Background(), cfg, []touming.Source{src}, nil,
		func(_ context.Context, f Fetched) (touming.Document, error) {
			f.Doc.Status = touming.StatusOK
			return f.Doc, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Discoveries) != 1 {
		t.Fatalf("%d discoveries", len(sum.Discoveries))
	}
	return sum.Discoveries[0]
}

func wantStatus(t *testing.T, d touming.Discovery, status, reason string) {
	t.Helper()
	if d.Status != status || !strings.Contains(d.Reason, reason) {
		t.Errorf("status %s (%s), want %s with %q; %+v", d.Status, d.Reason, status, reason, d)
	}
}

// TestDiscoverOK: home → 政府信息公开 → 年报 column with reports; the
// column, the title, the CMS and robots.txt's Crawl-delay are recorded.
func TestDiscoverOK(t *testing.T) {
	srv := site(t, with(reports(), map[string]string{
		"/robots.txt": "User-agent: *\nCrawl-delay: 1\n",
		"/":           page("甲县人民政府门户网站", home),
		"/xxgk/":      page("政府信息公开", `<a href="/xxgk/jgzn/">机构职能</a><a href="/xxgk/ndbg/">政府信息公开年报</a>`),
		"/xxgk/ndbg/": page("年报", trsColumn),
	}))
	d := discover(t, srv.URL+"/", nil)
	wantStatus(t, d, touming.DiscoveryOK, "")
	if len(d.Columns) != 1 || d.Columns[0] != srv.URL+"/xxgk/ndbg/" || d.Title != "甲县人民政府门户网站" ||
		d.CMS != "TRS" || d.CrawlDelay != time.Second || d.Home != srv.URL+"/" {
		t.Errorf("%+v", d)
	}
}

// TestDiscoverSecondSectionPage: the 年报 column is linked only from the
// second page of the 信息公开 section.
func TestDiscoverSecondSectionPage(t *testing.T) {
	srv := site(t, with(reports(), map[string]string{
		"/": page("乙县人民政府", home),
		"/xxgk/": page("政府信息公开", `<a href="/xxgk/jgzn/">机构职能</a><a href="/xxgk/zcwj/">政策文件</a>
			<a href="/xxgk/index_1.html">下一页</a>`),
		"/xxgk/index_1.html": page("政府信息公开", `<a href="/xxgk/ghjh/">规划计划</a><a href="/xxgk/nb/">政府信息公开年报</a>
			<a href="/xxgk/">上一页</a>`),
		"/xxgk/nb/": page("年报", trsColumn),
	}))
	d := discover(t, srv.URL+"/", nil)
	wantStatus(t, d, touming.DiscoveryOK, "")
	if len(d.Columns) != 1 || d.Columns[0] != srv.URL+"/xxgk/nb/" {
		t.Errorf("columns %v", d.Columns)
	}
}

// TestDiscoverMoved: the last known column 404s now; the pass falls back
// to discovery from the home page, which links the new column.
func TestDiscoverMoved(t *testing.T) {
	srv := site(t, with(reports(), map[string]string{
		"/":             page("丙县人民政府", home),
		"/xxgk/":        page("政府信息公开", `<a href="/zfxxgk/ndbg/">政府信息公开年报</a>`),
		"/zfxxgk/ndbg/": page("年报", trsColumn),
	}))
	d := discover(t, srv.URL+"/", []string{srv.URL + "/xxgk/nb/"})
	wantStatus(t, d, touming.DiscoveryMoved, "404")
	if len(d.Columns) != 1 || d.Columns[0] != srv.URL+"/zfxxgk/ndbg/" || d.Previous[0] != srv.URL+"/xxgk/nb/" {
		t.Errorf("%+v", d)
	}
	// a redirect from the old column to the new one is a move too
	srv2 := site(t, with(reports(), map[string]string{"/": page("丙县人民政府", home),
		"/xxgk/nb/": "redirect /zfxxgk/ndbg/", "/zfxxgk/ndbg/": page("年报", trsColumn)}))
	d = discover(t, srv2.URL+"/", []string{srv2.URL + "/xxgk/nb/"})
	wantStatus(t, d, touming.DiscoveryMoved, "redirects to "+srv2.URL+"/zfxxgk/ndbg/")
}

// TestDiscoverKnown: a known column that still lists reports is where the
// pass starts and ends: the home page is not fetched.
func TestDiscoverKnown(t *testing.T) {
	srv := site(t, with(reports(), map[string]string{"/": page("丁县人民政府", home), "/xxgk/nb/": page("年报", trsColumn)}))
	d := discover(t, srv.URL+"/", []string{srv.URL + "/xxgk/nb/"})
	wantStatus(t, d, touming.DiscoveryOK, "")
	if d.Home != "" || d.Start != srv.URL+"/xxgk/nb/" || len(d.Columns) != 1 {
		t.Errorf("%+v", d)
	}
	// a column known on another site (the sources file was corrected
	// since) is not where the pass starts
	d = discover(t, srv.URL+"/", []string{"http://127.0.0.2:1/xxgk/nb/"})
	if d.Start != srv.URL+"/" || len(d.Previous) != 0 {
		t.Errorf("started from a column of another site: %+v", d)
	}
}

func TestDiscoverJSShell(t *testing.T) {
	srv := site(t, map[string]string{"/": `<!DOCTYPE html><html><head><meta charset="utf-8"><title>戊县人民政府</title>
		<script src="/static/js/chunk-vendors.js"></script><script src="/static/js/app.js"></script></head>
		<body><noscript>请开启JavaScript后访问本站</noscript><div id="app"></div></body></html>`})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryJSShell, "without JavaScript")
}

// TestDiscoverChallenge: a 200 page holding only a WAF's script, and a
// firewall's 412, are challenges, recorded and not worked around.
func TestDiscoverChallenge(t *testing.T) {
	srv := site(t, map[string]string{"/": `<!DOCTYPE html><html><head><meta charset="utf-8">
		<meta id="9DhefwqGPrzG" content="x"><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd="qXa";</script>
		<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r='m'></script></head><body></body></html>`})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryChallenge, "瑞数")
	srv = site(t, map[string]string{"/": "status 412 blocked"})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryChallenge, "HTTP 412")
}

func TestDiscoverDead(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused
	wantStatus(t, discover(t, "http://"+addr+"/", nil), touming.DiscoveryDead, "refused")
}

func TestDiscoverEmptyAndNoColumn(t *testing.T) {
	srv := site(t, map[string]string{"/": page("己县人民政府", home),
		"/xxgk/":    page("政府信息公开", `<a href="/xxgk/nb/">政府信息公开年报</a>`),
		"/xxgk/nb/": page("年报", `<p>暂无信息</p>`)})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryEmpty, srv.URL+"/xxgk/nb/")
	srv = site(t, map[string]string{"/": page("庚县人民政府", `<a href="/xwzx/">新闻中心</a>`)})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryNoColumn, srv.URL+"/")
}

// TestDiscoverAjaxColumn: the column is found but its list comes from an
// ajax call: a JavaScript shell, not an empty column.
func TestDiscoverAjaxColumn(t *testing.T) {
	srv := site(t, map[string]string{"/": page("辛县人民政府", home),
		"/xxgk/": page("政府信息公开", `<a href="/xxgk/nb/">政府信息公开年报</a>`),
		"/xxgk/nb/": page("年报", `<a href="/">首页</a><a href="/xxgk/">信息公开</a><ul id="list"></ul>
			<script>$.ajax({url: "/api/list?column=nb", success: function (d) { render(d) }});</script>`)})
	wantStatus(t, discover(t, srv.URL+"/", nil), touming.DiscoveryJSShell, "ajax")
}

// TestCMSAndWAFMarks: the families and firewalls told by what their pages
// carry, and an ordinary page taken for neither.
func TestCMSAndWAFMarks(t *testing.T) {
	u := func(s string) *url.URL { v, _ := url.Parse(s); return v }
	for _, c := range []struct{ url, text, want string }{
		{"http://a.gov.cn/gkmlpt/index", `<a href="/gkmlpt/content/1">`, "gkmlpt"},
		{"http://a.gov.cn/", `<link href="/EpointWebBuilder/css/ewb-base.css">`, "Epoint"},
		{"http://a.gov.cn/col/col1/", `<script type="text/xml"><datastore><recordset>`, "Hanweb"},
		{"http://a.gov.cn/", `<div class="TRS_Editor">`, "TRS"},
		{"http://a.gov.cn/", `<a href="/news/">新闻</a>`, ""},
	} {
		if got := cmsOf(u(c.url), c.text); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.url, c.text, got, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{`<script>document.cookie="__jsl_clearance=1;";location.reload()</script>`, "加速乐"},
		{`<title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>`, "Cloudflare"},
		{`<script>var arg1='3B2F';</script><script>document.cookie="acw_sc__v2="+x</script>`, "Aliyun"},
		{page("县政府", strings.Repeat(`<a href="/x/">栏目</a>`, 6)+`<script>$_ts={}</script>`), ""}, // a real page that loads the WAF's script
	} {
		if got := challengeOf(c.text, strings.Count(c.text, "<a ")); !strings.Contains(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}
