package extract

import (
	"strings"
	"testing"
)

// TestInputTitle uses the link text for a page that prints no title.
func TestInputTitle(t *testing.T) {
	data, err := goldenInput("utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	page := strings.NewReplacer("<title>示例县人民政府2023年政府信息公开工作年度报告_示例县人民政府门户网站</title>", "",
		"<h1>示例县人民政府2023年政府信息公开工作年度报告</h1>", "").Replace(string(data))
	r, err := fromHTML(Input{Name: "t.html", Data: []byte(page), Title: "示例县审计局2023年政府信息公开工作年度报告"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Title != "示例县审计局2023年政府信息公开工作年度报告" || r.Meta.Agency != "示例县审计局" {
		t.Errorf("meta %+v", r.Meta)
	}
}
