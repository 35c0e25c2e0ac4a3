package sampleportal

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestBodies: with Options.Bodies every county publishes several kinds of
// body, 延津县's government skips 2022, one department is renamed in
// 2021, and 原阳县's 2024 page has a Word copy with one cell different,
// linked from the page and not listed in the column.
func TestBodies(t *testing.T) {
	p := New(Options{Bodies: true})
	perSite := map[string]map[string]bool{}
	var names []string
	var copies []Report
	for _, r := range p.Reports() {
		if perSite[r.Site] == nil {
			perSite[r.Site] = map[string]bool{}
		}
		perSite[r.Site][r.Agency] = true
		if r.Site == "yanjin" && r.Agency == "延津县人民政府" && r.Year == 2022 {
			t.Error("延津县's government has a 2022 report; it should skip the year")
		}
		if r.Site == "huojia" && strings.HasSuffix(r.Agency, "资源局") {
			names = append(names, r.Agency)
		}
		if r.Copy {
			copies = append(copies, r)
		}
	}
	for site, bodies := range perSite {
		if len(bodies) < 4 {
			t.Errorf("%s publishes %d bodies, want a government and three departments", site, len(bodies))
		}
	}
	if !contains(names, "获嘉县国土资源局") || !contains(names, "获嘉县自然资源局") {
		t.Errorf("获嘉县's renamed department: %v", names)
	}
	if len(copies) != 1 {
		t.Fatalf("%d attachment copies, want 1", len(copies))
	}
	c := copies[0]
	var page *Report
	for _, r := range p.Reports() {
		if r.Path == c.Path && !r.Copy {
			page = &r
		}
	}
	if page == nil {
		t.Fatal("the copy has no page")
	}
	differ := 0
	for k, v := range page.Values {
		if w := c.Values[k]; (v == nil) != (w == nil) || (v != nil && *v != *w) {
			differ++
		}
	}
	if differ != 1 {
		t.Errorf("page and copy differ in %d cells, want 1", differ)
	}
	var site *Site
	for _, s := range p.Sites() {
		if s.ID == c.Site {
			site = s
		}
	}
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()
	_, body := get(t, srv, c.Path)
	if !strings.Contains(string(body), c.Attachment) || !strings.Contains(string(body), "<table") {
		t.Error("the page does not print its tables and link the copy")
	}
	if _, got := get(t, srv, c.Attachment); !strings.HasPrefix(string(got), "PK") {
		t.Error("the copy is not served as a Word file")
	}
	for _, e := range site.entries() {
		if e.href == c.Attachment {
			t.Error("the column lists the copy")
		}
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
