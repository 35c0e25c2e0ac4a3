package charts

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/url"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"github.com/touming/touming"
)

// series is one named row of numbers over a chart's categories; nil is a
// gap (a blank cell stays a gap, never a 0 bar).
type series struct {
	Name   string
	Values []*float64
}

// chartSpec describes one chart independent of go-echarts, so that the
// same numbers feed the chart and its CSV download.
type chartSpec struct {
	ID         string // stable DOM id, also the CSV name
	Kind       string // "bar", "stack" (stacked bars) or "line"
	Title      string
	Axis       string // category axis name, the CSV's first column
	Unit       string // value axis name; "%" shows percentages
	Max        any    // value axis maximum; nil lets echarts choose
	Categories []string
	Series     []series
}

// empty reports whether the chart has no number at all.
func (c chartSpec) empty() bool {
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != nil {
				return false
			}
		}
	}
	return true
}

// table is the chart's data: one row per category, one column per series.
func (c chartSpec) table() *touming.Table {
	t := &touming.Table{Columns: []string{c.Axis}}
	for _, s := range c.Series {
		name := s.Name
		if c.Unit == "%" {
			name += "（%）" // the CSV holds percentages, not ratios
		}
		t.Columns = append(t.Columns, name)
	}
	for i, cat := range c.Categories {
		row := []any{cat}
		for _, s := range c.Series {
			row = append(row, ptrValue(s.Values[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ptrValue unwraps a *float64 into a table value (nil stays nil).
func ptrValue(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// chartValue is a data point for echarts: "-" is its notation for a gap.
// Numbers are rounded to two decimals for the tooltip; the CSV download
// keeps them whole.
func chartValue(p *float64) any {
	if p == nil {
		return "-"
	}
	return math.Round(*p*100) / 100
}

// globalOpts are the options every chart shares: our own asset host (the
// embedded bundle, never a CDN), a full-width canvas, a tooltip and legend.
func (c chartSpec) globalOpts() []ec.GlobalOpts {
	label := &opts.AxisLabel{}
	if c.Unit == "%" {
		label.Formatter = types.FuncStr("{value}%")
	}
	return []ec.GlobalOpts{
		ec.WithInitializationOpts(opts.Initialization{
			ChartID: c.ID, Width: "100%", Height: "400px",
			AssetsHost: AssetsPath, PageTitle: c.Title,
		}),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		ec.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0px", Left: "60px", Right: "50px", Type: "scroll"}),
		ec.WithToolboxOpts(saveAsImage(c.ID)),
		ec.WithGridOpts(opts.Grid{Top: "50px", Left: "60px", Right: "30px", Bottom: "70px"}),
		ec.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
		ec.WithYAxisOpts(opts.YAxis{Name: c.Unit, AxisLabel: label, Max: c.Max}),
		ec.WithAnimation(false),
	}
}

// saveAsImage is echarts' toolbox with its one tool: "save as image", a
// PNG named after the chart's id, offered on every chart so that a
// supervisor can paste it into a report.
func saveAsImage(name string) opts.Toolbox {
	return opts.Toolbox{Show: opts.Bool(true), Right: "10px", Top: "0px",
		Feature: &opts.ToolBoxFeature{SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{
			Show: opts.Bool(true), Type: "png", Name: name, Title: "保存为图片"}}}
}

// render turns the spec into the chart's element and the script that
// draws it. go-echarts builds the option; it is encoded here with
// encoding/json's HTML escaping (go-echarts' own snippet leaves it
// unescaped), so that a name read from a portal, such as an agency
// holding "</script>", cannot break out of the script. It is also several
// times faster than go-echarts' snippet templates.
func (c chartSpec) render() (template.HTML, error) {
	var option map[string]any
	if c.Kind == "line" {
		option = c.lineOption()
	} else {
		option = c.barOption()
	}
	js, err := json.Marshal(option)
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", c.ID, err)
	}
	id := template.HTMLEscapeString(c.ID)
	return template.HTML(`<div class="container"><div class="item" id="` + id + `" style="width:100%;height:400px;"></div></div>` +
		`<script>(function(){var c=echarts.init(document.getElementById("` + id + `"),null,{renderer:"canvas"});c.setOption(` +
		string(js) + `);window.addEventListener("resize",function(){c.resize();});})();</script>`), nil
}

func (c chartSpec) barOption() map[string]any {
	bar := ec.NewBar()
	bar.SetGlobalOptions(c.globalOpts()...)
	bar.SetXAxis(c.Categories)
	for _, s := range c.Series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: chartValue(v)}
		}
		var so []ec.SeriesOpts
		if c.Kind == "stack" {
			so = append(so, ec.WithBarChartOpts(opts.BarChart{Stack: "total"}))
		}
		bar.AddSeries(s.Name, data, so...)
	}
	bar.Validate()
	return bar.JSON()
}

func (c chartSpec) lineOption() map[string]any {
	line := ec.NewLine()
	line.SetGlobalOptions(c.globalOpts()...)
	line.SetXAxis(c.Categories)
	for _, s := range c.Series {
		data := make([]opts.LineData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.LineData{Value: chartValue(v)}
		}
		line.AddSeries(s.Name, data, ec.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)}))
	}
	line.Validate()
	return line.JSON()
}

// panel is one block of a page: a chart or a table, the data behind it and
// the link to download that data as CSV.
type panel struct {
	Name  string
	Title string
	Note  string
	Chart template.HTML // empty for a table-only panel
	Data  *touming.Table
	CSV   string
	Empty string // shown instead of the chart when there is no number
	Pager pager  // a long table's page (quality page); zero: Data is all
}

// chartPanel renders spec into a panel whose CSV link is base + the id.
func chartPanel(spec chartSpec, note string, csvURL func(string) string) panel {
	p := panel{Name: spec.ID, Title: spec.Title, Note: note, Data: spec.table(), CSV: csvURL(spec.ID)}
	if spec.empty() {
		p.Empty = "没有可画的数字（所选范围内这些单元格都为空）"
		return p
	}
	chart, err := spec.render()
	if err != nil {
		p.Empty = err.Error()
		return p
	}
	p.Chart = chart
	return p
}

// csvLink returns a function that builds a panel's CSV URL from the page's
// own URL, keeping its query so that the download matches what is shown.
func csvLink(path string, query url.Values) func(string) string {
	return func(name string) string {
		q := url.Values{}
		for k, vs := range query {
			q[k] = vs
		}
		q.Set("csv", name)
		return path + "?" + q.Encode()
	}
}
