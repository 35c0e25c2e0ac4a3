package charts

import (
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// Error pages are in Chinese: a path no page has answers a 404 page (not
// Go's plain "404 page not found"), a bad parameter a 400 page, a failing
// query a 500 page; each keeps the technical detail on a line of its own.
func TestChineseErrorPages(t *testing.T) {
	s := newServer(t, newMemDB())
	for _, c := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/no/such/page", 404, []string{"没有找到（404）", "没有这个页面：/no/such/page", "技术细节"}},
		{"/report/abc", 400, []string{"请求有误（400）", "报告编号应为数字", `report id &#34;abc&#34;`}},
		{"/report/99", 404, []string{"没有找到（404）", "没有编号为 99 的报告"}},
		{"/archive/xyz", 400, []string{"请求有误（400）", "SHA-256"}},
	} {
		res, body := get(t, s, c.path)
		if res.StatusCode != c.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", c.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", c.path, w, body)
			}
		}
	}
	broken, err := New(Config{DB: failingDB{}})
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, broken, "/quality")
	if res.StatusCode != 500 || !strings.Contains(body, "服务器出错（500）") || !strings.Contains(body, "请把下面的技术细节告诉管理员") || !strings.Contains(body, "report_checks does not exist") {
		t.Errorf("500 page: %d\n%s", res.StatusCode, body)
	}
}

// Pages (the compare page gzipped as it renders), downloads and the
// echarts bundle are gzipped for a client that asks, and sent plain to one
// that does not; the bundle unzips to itself.
func TestGzip(t *testing.T) {
	s := newServer(t, loadedDB())
	for _, path := range []string{"/", "/compare", AssetsPath + "echarts.min.js", "/no/such"} {
		plainRes, plain := get(t, s, path)
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		s.ServeHTTP(rec, req)
		res := rec.Result()
		if res.Header.Get("Content-Encoding") != "gzip" || plainRes.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: Content-Encoding %q with gzip asked, %q without", path, res.Header.Get("Content-Encoding"), plainRes.Header.Get("Content-Encoding"))
			continue
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || string(body) != plain {
			t.Errorf("%s: gunzipped body differs from the plain one (%v, %d vs %d bytes)", path, err, len(body), len(plain))
		}
		if path != "/no/such" && rec.Body.Len()*2 > len(plain) {
			t.Errorf("%s: %d bytes gzipped of %d", path, rec.Body.Len(), len(plain))
		}
	}
}

// Every chart carries echarts' "save as image" tool.
func TestChartsSaveAsImage(t *testing.T) {
	spec := chartSpec{ID: "c1", Kind: "bar", Title: "t", Axis: "年", Categories: []string{"2023"}, Series: []series{{Name: "s", Values: []*float64{f(1)}}}}
	for _, kind := range []string{"bar", "line"} {
		spec.Kind = kind
		html, err := spec.render()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), `"saveAsImage":{"show":true,"type":"png","name":"c1","title":"保存为图片"}`) {
			t.Errorf("%s chart has no save-as-image tool: %s", kind, html)
		}
	}
}

// Field keys read as the form's labels; check messages too.
func TestFormLabels(t *testing.T) {
	l := labeler{touming.MustFields()}
	for key, want := range map[string]string{
		"apply.total_processed.total":          "三（七）总计 · 总计列",
		"apply.denied_state_secret.commercial": "三（三）不予公开1.属于国家秘密 · 商业企业列",
		"review.corrected":                     "四 行政复议 · 结果纠正列",
		"active2019.licensing.change":          "二 行政许可 · 本年增/减列",
		"no.such.key":                          "no.such.key",
	} {
		if got := l.fieldLabel(key); got != want {
			t.Errorf("fieldLabel(%s) = %q, want %q", key, got, want)
		}
	}
	msg := l.checkMessage("240 ≠ 238; null cells left out: apply.new_received.total, apply.carried_over.total")
	if msg != "240 ≠ 238；未计入的空白单元格：三 一、本年新收政府信息公开申请数量 · 总计列、三 二、上年结转政府信息公开申请数量 · 总计列" {
		t.Errorf("checkMessage: %q", msg)
	}
	if got := l.subjectLabel("apply.*.natural_person"); got != "三 · 自然人列" {
		t.Errorf("subjectLabel: %q", got)
	}
	if got := newLabel("二/本年增/减").Text; got != "本年增/减" {
		t.Errorf("2019 column header: %q, want 本年增/减", got)
	}
}

// A document's reason reads in Chinese, from its error's words or its
// status; the conflicts' cell list names the form's cells.
func TestReasonsInChinese(t *testing.T) {
	for _, c := range []struct{ status, err, want string }{
		{"no_text", "extract a.pdf: pdf: none of 1 pages has readable text (a scan?): no text layer", "PDF 没有文字层"},
		{"no_tables", "extract b.htm: no standard tables: no table 二, 三 or 四 could be read (its tables may be its 1 pictures: OCR unavailable (install tesseract-ocr))", "本机没有安装 OCR"},
		{"no_tables", "extract c.htm: no standard tables", "没有读到二、三、四"},
		{"unsupported", "extract d.xls: unsupported", "不支持的文件格式"},
	} {
		if got := reasonText(c.status, c.err); !strings.Contains(got, c.want) {
			t.Errorf("reasonText(%s, %q) = %q, want %q in it", c.status, c.err, got, c.want)
		}
	}
	l := labeler{touming.MustFields()}
	if got := l.checkMessage("active.penalty.decisions 1660≠1667"); got != "二 行政处罚 · 本年处理决定数量列 1660≠1667" {
		t.Errorf("conflict cells: %q", got)
	}
}

// TestEveryStatusInChinese: no document status reaches a page as its
// English key.
func TestEveryStatusInChinese(t *testing.T) {
	for _, s := range []touming.Status{touming.StatusOK, touming.StatusNotReport, touming.StatusNoTables,
		touming.StatusNoText, touming.StatusUnsupported, touming.StatusEmpty, touming.StatusFailed,
		touming.StatusOCRVerified, touming.StatusOCRReview, touming.StatusPartial} {
		if got := statusText(string(s)); got == string(s) {
			t.Errorf("status %q has no Chinese text", s)
		}
	}
}
