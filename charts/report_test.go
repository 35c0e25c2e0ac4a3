package charts

import (
	"errors"
	"io"
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// reportDB holds one report whose C1 check on apply.granted.total failed.
func reportDB() *memDB {
	db := newMemDB()
	sha := strings.Repeat("ab", 32)
	db.tables["report_meta"] = tbl([]string{"id", "source_id", "url", "agency", "region_code", "region_name", "year", "template", "title", "published", "version", "latest", "loaded_at", "sha256", "content_type", "final_url", "fetched_at", "document_url", "versions"},
		[]any{int64(7), "xinxiang", "http://127.0.0.1/xx/2023.html", "新乡县人民政府", "410721", "新乡县", int64(2023), "2021", "新乡县2023年政府信息公开工作年度报告", nil, int64(1), true, nil, sha, "text/html; charset=gbk", nil, nil, nil, int64(1)})
	db.tables["report_cells"] = tbl([]string{"key", "value", "raw", "class", "table", "row", "col", "row_label", "col_label"},
		[]any{"apply.granted.total", 60.0, "60", "number", "三", int64(5), int64(8), nil, nil},
		[]any{"apply.partial.total", nil, "/", "dash", "三", int64(6), int64(8), nil, nil},
		[]any{"review.total", 0.0, "0", "zero", "四", int64(2), int64(4), nil, nil})
	db.tables["report_checks"] = tbl([]string{"rule", "subject", "ok", "expected", "actual", "cells", "message"},
		[]any{"C1", "apply.granted", false, 61.0, 60.0, []any{"apply.granted.natural_person", "apply.granted.total"}, "总计不等于各列之和"},
		[]any{"C2", "total", true, 1.0, 1.0, []any{}, ""})
	db.tables["report_versions"] = tbl([]string{"id", "version", "latest", "loaded_at", "fingerprint"}, []any{int64(7), int64(1), true, nil, "x"})
	db.tables["archive_document"] = tbl([]string{"content_type", "url"}, []any{"text/html; charset=gbk", "http://127.0.0.1/xx/2023.html"})
	return db
}

func TestReportPage(t *testing.T) {
	db := reportDB()
	s, err := New(Config{DB: db, Archive: func(string) (io.ReadCloser, error) { return nil, fs.ErrNotExist }})
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, s, "/report/7")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	failed := regexp.MustCompile(`class="n [a-z]+ failed"[^>]*data-key="([^"]+)"`).FindAllStringSubmatch(body, -1)
	var keys []string
	for _, m := range failed {
		keys = append(keys, m[1])
	}
	if strings.Join(keys, ",") != "apply.granted.natural_person,apply.granted.total" {
		t.Errorf("highlighted cells = %v, want the two cells of the failed C1", keys)
	}
	// The versions at the report's URL are counted from report_versions.
	if !strings.Contains(body, "（共 1 版）") {
		t.Error("the report page does not count its URL's one version")
	}
	for _, want := range []string{"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
		`href="http://127.0.0.1/xx/2023.html"`, `href="/archive/` + strings.Repeat("ab", 32) + `"`, "1 项不成立，1 项成立", "总计不等于各列之和",
		`<tr class="group"><th colspan="8" style="padding-left: 1em">（三）不予公开</th></tr>`} {
		if !strings.Contains(body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	// The dash cell shows its raw text, not 0; the zero cell shows 0.
	if !regexp.MustCompile(`class="n dash"[^>]*data-key="apply.partial.total">/<`).MatchString(body) {
		t.Error("dash cell does not show its raw text")
	}
	if !regexp.MustCompile(`class="n zero"[^>]*data-key="review.total">0<`).MatchString(body) {
		t.Error("zero cell does not show 0")
	}
	res, body = get(t, s, "/report/x")
	if res.StatusCode != 400 || !strings.Contains(body, "want a number") {
		t.Errorf("/report/x: status %d", res.StatusCode)
	}
}

func TestReportNotFound(t *testing.T) {
	s := newServer(t, newMemDB())
	res, body := get(t, s, "/report/99")
	if res.StatusCode != 404 || !strings.Contains(body, "no report with id 99") {
		t.Errorf("status %d body %s", res.StatusCode, body)
	}
}

func TestArchive(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	opened := ""
	s, err := New(Config{DB: reportDB(), Archive: func(key string) (io.ReadCloser, error) {
		opened = key
		if key != sha {
			return nil, fs.ErrNotExist
		}
		return io.NopCloser(strings.NewReader("<html>archived</html>")), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, s, "/archive/"+sha)
	if res.StatusCode != 200 || body != "<html>archived</html>" || opened != sha {
		t.Fatalf("status %d body %q", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=gbk" {
		t.Errorf("Content-Type = %q, want the one it was fetched with", ct)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") {
		t.Errorf("archived page is not sandboxed: CSP %q", csp)
	}
	res, _ = get(t, s, "/archive/"+strings.Repeat("cd", 32))
	if res.StatusCode != 404 {
		t.Errorf("missing body: status %d, want 404", res.StatusCode)
	}
	res, _ = get(t, s, "/archive/..%2f..%2fetc%2fpasswd")
	if res.StatusCode != 400 && res.StatusCode != 404 {
		t.Errorf("bad key: status %d", res.StatusCode)
	}
	broken, _ := New(Config{DB: reportDB(), Archive: func(string) (io.ReadCloser, error) { return nil, errors.New("disk on fire") }})
	rec := httptest.NewRecorder()
	broken.ServeHTTP(rec, httptest.NewRequest("GET", "/archive/"+sha, nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "disk on fire") {
		t.Errorf("archive error: status %d body %s", rec.Code, rec.Body.String())
	}
	none := newServer(t, reportDB())
	res, _ = get(t, none, "/archive/"+sha)
	if res.StatusCode != 404 {
		t.Errorf("no archive configured: status %d", res.StatusCode)
	}
}

func TestQualityPage(t *testing.T) {
	db := newMemDB()
	sha := strings.Repeat("0f", 32)
	db.tables["quality_checks"] = tbl([]string{"report_id", "agency", "year", "url", "failed", "rules"},
		[]any{int64(7), "新乡县人民政府", int64(2023), "http://127.0.0.1/a.html", int64(2), "C1, C3"})
	db.tables["quality_documents"] = tbl([]string{"id", "source_id", "url", "final_url", "status", "error", "http_status", "sha256", "fetched_at", "title"},
		[]any{int64(3), "s", "http://127.0.0.1/broken.pdf", nil, "failed", "extract broken.pdf: corrupt or truncated file", int64(200), sha, nil, "2023年报"})
	db.tables["quality_images"] = tbl([]string{"id", "source_id", "url", "final_url", "status", "error", "sha256", "fetched_at", "title"},
		[]any{int64(4), "s", "http://127.0.0.1/scan.html", nil, "no_tables", "no standard tables", nil, nil, "扫描件"})
	s, _ := New(Config{DB: db, Archive: func(string) (io.ReadCloser, error) { return nil, fs.ErrNotExist }})
	res, body := get(t, s, "/quality")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	for _, want := range []string{`href="/report/7"`, "C1, C3", "corrupt or truncated file", `href="/archive/` + sha + `"`, "扫描件", "no_tables"} {
		if !strings.Contains(body, want) {
			t.Errorf("quality page lacks %q", want)
		}
	}
	_, body = get(t, s, "/quality?csv=quality_documents")
	recs := readCSV(t, body)
	if len(recs) != 2 || recs[1][2] != "http://127.0.0.1/broken.pdf" {
		t.Errorf("CSV = %q", recs)
	}
}
