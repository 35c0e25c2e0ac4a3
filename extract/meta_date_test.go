package extract

import (
	"strings"
	"testing"
)

// The publication date comes from the page's text, else its <meta> tags,
// else the URL's path, and the report says which.
func TestPublishedSources(t *testing.T) {
	data, err := goldenInput("utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	noText := strings.ReplaceAll(page, "发布日期：2024-01-20", "")
	withMeta := strings.Replace(noText, "<head>", `<head><meta name="PubDate" content="2024-01-21 10:00">`, 1)
	x := New(Config{})
	defer x.Close()
	url := "http://www.example.gov.cn/zwgk/202401/t20240122_1.html"
	for _, c := range []struct{ page, date, from string }{
		{page, "2024-01-20", "page"},
		{withMeta, "2024-01-21", "meta"},
		{noText, "2024-01-22", "url"},
	} {
		r, err := x.Extract(Input{Name: url, Data: []byte(c.page)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Meta.Published != c.date || r.Meta.PublishedFrom != c.from {
			t.Errorf("published %q from %q, want %q from %q", r.Meta.Published, r.Meta.PublishedFrom, c.date, c.from)
		}
	}
	r, _ := x.Extract(Input{Name: "reports/t20240122.html", Data: []byte(noText)})
	if r != nil && r.Meta.Published != "" {
		t.Errorf("a file name gave a date: %+v", r.Meta)
	}
}
