package extract

import (
	"strings"
	"testing"
)

// TestLayoutTable reads a page whose article sits in one cell of a layout
// table (old CMS): its title and paragraphs still count, and the data
// tables after it are read.
func TestLayoutTable(t *testing.T) {
	article := "<table><tr><td><h1>示例县水利局2022年政府信息公开工作年度报告</h1><p>" +
		strings.Repeat("2022年，示例县水利局坚持依法公开，全年主动公开政府信息若干条。", 10) + "</p></td></tr></table>"
	data, err := goldenInput("utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(string(data), `<div class="article">`, `<div class="article">`+article, 1)
	page = strings.Replace(page, "<h1>示例县人民政府2023年政府信息公开工作年度报告</h1>", "", 1)
	page = strings.Replace(page, "<title>示例县人民政府2023年政府信息公开工作年度报告_示例县人民政府门户网站</title>", "", 1)
	r, err := fromHTML(Input{Name: "layout.html", Data: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Agency != "示例县水利局" || r.Meta.Year != 2022 {
		t.Errorf("meta %+v", r.Meta)
	}
	if v := r.Values["apply.total_processed.total"]; v == nil {
		t.Error("tables after the layout table not read")
	}
}
