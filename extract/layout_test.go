package extract

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/touming/touming"
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

// TestHeaderlessTable reads a table 三 printed without its header rows:
// the rows' numbers follow the form's column order.
func TestHeaderlessTable(t *testing.T) {
	data, err := goldenInput("utf8.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	start := strings.Index(page, "<tr><td colspan=\"3\" rowspan=\"3\">")
	end := strings.Index(page, "<tr><td colspan=\"3\"><p style=\"text-align:center\">一、本年新收")
	if start < 0 || end < start {
		t.Fatal("header rows not found in utf8.html")
	}
	page = page[:start] + page[end:]
	r, err := fromHTML(Input{Name: "headerless.html", Data: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	want := wantValues(t, "utf8.want.json")
	for _, k := range []string{"apply.new_received.natural_person", "apply.granted.total", "apply.other_other.commercial", "apply.carried_forward.total"} {
		if v := r.Values[k]; v == nil || *v != want[k] {
			t.Errorf("%s = %v, want %g", k, v, want[k])
		}
	}
}

func wantValues(t *testing.T, name string) map[string]float64 {
	raw, err := goldenInput(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for k, v := range m {
		if f, ok := v.(float64); ok {
			out[k] = f
		}
	}
	return out
}

// TestNotReports: a list of reports and a draft are no reports; a report
// whose tables are images is one without tables.
func TestNotReports(t *testing.T) {
	list := `<html><head><title>政府信息公开年报</title></head><body><ul>
<li><a href="a.htm">示例县2023年政府信息公开工作年度报告</a></li>
<li><a href="b.htm">示例县2022年政府信息公开工作年度报告</a></li>
<li><a href="c.htm">示例县2021年政府信息公开工作年度报告</a></li></ul></body></html>`
	draft := `<html><head><title>示例县2023年政府信息公开工作年度报告（征求意见稿）</title></head><body><p>一、总体情况</p></body></html>`
	images := `<html><head><title>示例县2023年政府信息公开工作年度报告</title></head><body><h1>示例县2023年政府信息公开工作年度报告</h1>
<p>相关报告：示例县2022年政府信息公开工作年度报告</p><p>一、总体情况</p><p>二、主动公开政府信息情况</p><p><img src="t.png"></p></body></html>`
	for _, c := range []struct {
		page string
		want error
	}{{list, touming.ErrNotReport}, {draft, touming.ErrNotReport}, {images, touming.ErrNoTables}} {
		_, err := fromHTML(Input{Name: "p.html", Data: []byte(c.page)})
		if !errors.Is(err, c.want) {
			t.Errorf("%.40s…: %v, want %v", c.page, err, c.want)
		}
	}
}
