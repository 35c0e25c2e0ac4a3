package charts

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
)

// groupChart is a bar chart over regions with a series per selected year
// (or per year and part, stacked by year), drawn by assets/touming.js.
// Unlike chartSpec it carries, per point, what a reader must know: the
// report behind it, n for a rate, whether n is under the threshold, and
// why a point is missing.
type groupChart struct {
	ID        string       `json:"id"`
	Title     string       `json:"-"`
	Unit      string       `json:"unit"`
	Max       any          `json:"max,omitempty"`
	Threshold int          `json:"threshold"`
	Cats      []chartCat   `json:"cats"`
	Series    []groupSerie `json:"series"`
	Log       bool         `json:"-"` // offer a log scale: one region dwarfs others
	Rate      bool         `json:"-"`
}

// chartCat is one region on the category axis; clicking it opens Link.
type chartCat struct {
	Name string `json:"name"`
	Code string `json:"code"`
	Link string `json:"link,omitempty"`
	Flag bool   `json:"flag,omitempty"` // its bodies changed between the years
}

// groupSerie is one series: a year, or a year's part of a stack.
type groupSerie struct {
	Name  string       `json:"name"`
	Year  int          `json:"-"`
	Part  string       `json:"-"`
	Stack string       `json:"stack,omitempty"`
	Color *int         `json:"color,omitempty"`
	Pts   []groupPoint `json:"pts"`
}

// groupPoint is one bar.
type groupPoint struct {
	V    *float64 `json:"v"`
	N    *float64 `json:"n,omitempty"`    // a rate's denominator
	Low  bool     `json:"low,omitempty"`  // n under the threshold
	M    string   `json:"m,omitempty"`    // the label of a missing point
	Z    bool     `json:"z,omitempty"`    // label a 0 as "0"
	R    int64    `json:"r,omitempty"`    // the report behind it
	B    int      `json:"b,omitempty"`    // bodies summed (whole county)
	A    string   `json:"a,omitempty"`    // the agency's name
	Link string   `json:"link,omitempty"` // where a click goes without a report
	// agencies are the ids of the bodies behind the point, for the CSV.
	agencies []int64
	missing  string // "无报告" or "空白", also on points that carry no label
}

// empty reports whether no point has a number.
func (g groupChart) empty() bool {
	for _, s := range g.Series {
		for _, p := range s.Pts {
			if p.V != nil {
				return false
			}
		}
	}
	return true
}

// wantsLog reports whether the largest positive value is over 50 times the
// smallest: then a linear axis flattens the small regions to nothing.
func (g groupChart) wantsLog() bool {
	lo, hi := math.Inf(1), 0.0
	for _, s := range g.Series {
		for _, p := range s.Pts {
			if p.V != nil && *p.V > 0 {
				lo, hi = math.Min(lo, *p.V), math.Max(hi, *p.V)
			}
		}
	}
	return hi > 0 && hi/lo > 50
}

// render is the chart's element and the script that draws it; the spec is
// encoded with encoding/json's HTML escaping, so that a name read from a
// portal cannot break out of the script.
func (g groupChart) render() (template.HTML, error) {
	js, err := json.Marshal(g)
	if err != nil {
		return "", fmt.Errorf("chart %s: %w", g.ID, err)
	}
	id := template.HTMLEscapeString(g.ID)
	toggle := ""
	if g.Log {
		toggle = `<label class="note"><input type="checkbox" id="` + id + `-log"> 对数坐标（各地区数值相差悬殊）</label>`
	}
	return template.HTML(toggle + `<div class="container"><div class="item" id="` + id + `" style="width:100%;height:420px;"></div></div>` +
		`<script>toumingBars(` + string(js) + `);</script>`), nil
}
