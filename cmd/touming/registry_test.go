package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/registry"
)

// registryPortals serves the sample portal's seven counties, plus a
// portal whose title names another county (for 红旗区) and a dead host
// (for 卫滨区), and writes the overrides file that points the registry's
// 新乡 entries at them; the other 新乡 entries get "-" so that nothing
// leaves the machine.
func registryPortals(t *testing.T) (overrides string, p *crawlPortal) {
	t.Helper()
	p = startCrawlPortal(t)
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>卫辉市人民政府门户网站</title></head><body><a href="/xwzx/">新闻中心</a></body></html>`))
	}))
	t.Cleanup(foreign.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String() + "/"
	l.Close()
	lines := []string{registry.OverrideColumns}
	at := map[string]string{"410702": foreign.URL + "/\t", "410703": dead + "\t"}
	for _, s := range p.Sites() {
		col := ""
		if s.Start != "/" {
			col = p.urls[s.ID] + s.Start
		}
		at[s.Region] = p.urls[s.ID] + "/\t" + col
	}
	reg, _ := registry.Load()
	es, _ := reg.Select("4107", "county")
	for _, e := range es {
		if v, ok := at[e.Code]; ok {
			lines = append(lines, e.Code+"\t"+v)
		} else {
			lines = append(lines, e.Code+"\t-\t\t\tnot in the test")
		}
	}
	overrides = filepath.Join(t.TempDir(), "fix.tsv")
	if err := os.WriteFile(overrides, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return overrides, p
}

// TestRegistryToCoverage: registry → touming sources → touming crawl →
// the coverage page, twice: the second pass starts from the columns the
// first found.
func TestRegistryToCoverage(t *testing.T) {
	overrides, _ := registryPortals(t)
	dir := t.TempDir()
	ctx := context.Background()
	e, out, errb := extractEnv()
	if code := run(ctx, e, []string{"sources", "--region", "4107", "--level", "county", "--overrides", overrides}); code != 0 {
		t.Fatalf("sources: exit %d: %s", code, errb)
	}
	yaml := filepath.Join(dir, "xinxiang.yaml")
	os.WriteFile(yaml, out.Bytes(), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	for pass := 1; pass <= 2; pass++ {
		code, out, errs := runCmd(t, "crawl", "--sources", yaml, "--db", db, "--delay", "1ms")
		if code != 0 {
			t.Fatalf("crawl pass %d: exit %d: %s\n%s", pass, code, errs, out)
		}
		t.Logf("pass %d:\n%s", pass, out)
		if !strings.Contains(out, "discovery: ") || !strings.Contains(out, "ok 7") || !strings.Contains(out, "cn-410702") {
			t.Errorf("pass %d summary:\n%s", pass, out)
		}
	}
	rows := query(t, db, `SELECT concat_ws(' ', source_id, status, coalesce(cms, ''), coalesce(title_names, ''), coalesce(start_url = columns[1], false))
		FROM source_discovery QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY checked_at DESC) = 1 ORDER BY 1`)
	want := map[string]string{"cn-410702": "cn-410702 no_column  卫辉市 false", "cn-410703": "cn-410703 dead   false"}
	for _, r := range rows {
		id := strings.Fields(r)[0]
		if w, ok := want[id]; ok {
			if r != w {
				t.Errorf("%q, want %q", r, w)
			}
			continue
		}
		// the sample counties: found, the CMS told, and the second pass
		// started from the column the first found
		if !strings.Contains(r, " ok ") || !(strings.Contains(r, "TRS") || strings.Contains(r, "Hanweb")) || !strings.HasSuffix(r, "true") {
			t.Errorf("sample county: %q", r)
		}
	}
	if len(rows) != 9 {
		t.Errorf("%d sources discovered, want 9: %v", len(rows), rows)
	}
	// a regenerated sources file says what the last crawl found
	code, again, errs := runCmd(t, "sources", "--region", "4107", "--level", "county", "--overrides", overrides, "--db", db)
	if code != 0 {
		t.Fatalf("sources --db: exit %d: %s", code, errs)
	}
	if _, err := crawl.ParseSources("again.yaml", []byte(again)); err != nil {
		t.Fatal(err)
	}
	if out := again; strings.Count(out, "# last crawl ") != 9 || !strings.Contains(out, `FLAGGED: the home page's title "卫辉市人民政府门户网站" names 卫辉市`) ||
		!strings.Contains(out, ": dead (") {
		t.Errorf("sources --db:\n%s", out)
	}
	base := startServe(t, serveConfig{DB: db, Data: defaultArchiveDir(db)})
	code, body := httpGet(t, base+"/coverage?region=4107")
	if code != 200 {
		t.Fatalf("coverage: %d %s", code, body)
	}
	n := query(t, db, `SELECT count(*) FROM reports WHERE latest AND starts_with(region_code, '4107')`)[0]
	for _, w := range []string{"新乡市：来源与抓取覆盖", "有来源<b>9</b>", "已抓到年报栏目<b>7</b>", "找到的报告<b>" + n + "</b>",
		`href="/county/410721"`, "网页标题指向 卫辉市", "无法访问", "未找到年报栏目", "无来源", "地图：各县找到的报告"} {
		if !strings.Contains(body, w) {
			t.Errorf("coverage page lacks %q", w)
		}
	}
	// the city's map, when make assets embedded its outlines
	if !strings.Contains(body, "toumingMaps(") && !strings.Contains(body, "没有嵌入该市的县界轮廓") {
		t.Errorf("coverage page has neither the map nor why not")
	}
}
