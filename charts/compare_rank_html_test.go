package charts

import (
	"html/template"
	"math"
	"strings"
	"testing"
)

// rankRowsTemplate is the template text compare.html wrote the ranking
// rows with before rowsHTML.
const rankRowsTemplate = `<table>{{range .Rows}}<tr><td><a href="/county/{{.Code}}">{{.County}}</a></td>{{range .Cells}}<td class="n">{{if .Rank}}{{.Rank}}{{else}}<span title="{{.Reason}}">—</span>{{end}}</td><td class="n">{{if .ReportID}}<a href="/report/{{.ReportID}}">{{num .Rate}}{{if .Rate}}%{{end}}</a>{{else}}{{num .Rate}}{{if .Rate}}%{{end}}{{end}}</td><td class="n" {{if .Reason}}title="{{.Reason}}"{{end}}>{{num .N}}{{if and .Reason (not .Rank)}}<br><span class="note">{{.Reason}}</span>{{end}}</td>{{end}}</tr>{{end}}</table>`

// rowsHTML writes what the template wrote, for the values a portal can
// put there: names and codes with markup, quotes, plus signs and
// non-ASCII text, reasons, blank rates and n, NaN and infinities.
func TestRankRowsAsTemplate(t *testing.T) {
	tmpl := template.Must(template.New("rows").Funcs(template.FuncMap{"num": formatNumber}).Parse(rankRowsTemplate))
	f := func(v float64) *float64 { return &v }
	cells := []rankCell{
		{Rank: 1, Rate: f(87.5), N: f(120), ReportID: 42},
		{Rank: 0, Rate: f(12.25), N: f(3), ReportID: 7, Reason: "n = 3，小于 20，不参与排名"},
		{Reason: "无报告"},
		{Rate: nil, N: nil, Reason: `分母为空 "<b>" & 'x' + y`},
		{Rank: 3, Rate: f(-0.5), N: f(1e16), ReportID: 0},
		{Rank: 2, Rate: f(math.NaN()), N: f(math.Inf(1)), ReportID: 9},
		{Rate: f(math.Inf(-1)), N: f(0), Reason: "无法计算（分母为0或单元格空白）"},
		{Rank: 4, Rate: f(100), N: f(20), Reason: "ranked, with a reason"},
	}
	lines := []rankLine{
		{Code: "410721", County: "新乡县", Cells: cells[:4]},
		{Code: `41"07<22>&'+ é/?#x y`, County: `<script>alert("x")</script> & 'q' +1`, Cells: cells[4:]},
		{Code: "", County: "", Cells: nil},
		{Code: "410721", County: "新乡县", Cells: cells[2:6]},
	}
	rt := rankTable{Years: []int{2022, 2023, 2024, 2025}, Rows: lines}
	var want strings.Builder
	if err := tmpl.Execute(&want, rt); err != nil {
		t.Fatal(err)
	}
	got := "<table>" + string(rt.rowsHTML(newEscapes())) + "</table>"
	if got != want.String() {
		t.Errorf("rowsHTML:\n got %s\nwant %s", got, want.String())
	}
}
