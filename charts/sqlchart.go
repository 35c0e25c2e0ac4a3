package charts

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"

	"github.com/touming/touming"
)

// Any result on the SQL page can be drawn: the analyst picks the x column
// (the categories), one or more y columns, or one y and a series column
// whose values become the lines or bar groups, and bar or line. The chart
// is a go-echarts chart like every other page's, with its CSV beside it.

// Limits of a result chart, beyond which a chart stops being readable.
const (
	maxChartCategories = 500
	maxChartSeries     = 30
)

// resultChart is what the page shows of a chart: the choice form's state
// and the chart, or why there is none.
type resultChart struct {
	X, Series, Kind string
	Y               []string
	Columns         []string
	Chart           template.HTML
	Note            string
	CSV             string
}

// chartChoice reads the chart's parameters: _x, _y (repeated), _series
// and _kind.
func chartChoice(q url.Values, cols []string) *resultChart {
	c := &resultChart{X: q.Get("_x"), Y: q["_y"], Series: q.Get("_series"), Kind: q.Get("_kind"), Columns: cols}
	if c.Kind != "line" {
		c.Kind = "bar"
	}
	return c
}

// spec builds the chart from t; an error says in Chinese what is missing.
func (c *resultChart) spec(t *touming.Table) (chartSpec, error) {
	spec := chartSpec{ID: "result_chart", Kind: c.Kind, Title: "查询结果", Axis: c.X}
	xi := column(t, c.X)
	if xi < 0 {
		return spec, fmt.Errorf("请选择结果中的一列作为横轴（x）")
	}
	var yi []int
	for _, y := range c.Y {
		if i := column(t, y); i >= 0 && i != xi {
			yi = append(yi, i)
		}
	}
	if len(yi) == 0 {
		return spec, fmt.Errorf("请选择至少一列数字作为纵轴（y）")
	}
	si := column(t, c.Series)
	cats := &ordered{limit: maxChartCategories, full: fmt.Sprintf("横轴的取值超过 %d 个，图无法阅读：请先在 SQL 中汇总", maxChartCategories)}
	names := &ordered{limit: maxChartSeries, full: fmt.Sprintf("系列超过 %d 个，图无法阅读：请换一列作为系列，或先筛选", maxChartSeries)}
	if si < 0 {
		for _, i := range yi {
			names.index(t.Columns[i])
		}
	}
	sums := map[[2]int]*float64{}
	for _, row := range t.Rows {
		ci, err := cats.index(cellText(row[xi]))
		if err != nil {
			return spec, err
		}
		for _, i := range yi {
			name := t.Columns[i]
			if si >= 0 {
				name = cellText(row[si])
			}
			ni, err := names.index(name)
			if err != nil {
				return spec, err
			}
			addTo(sums, [2]int{ni, ci}, toFloat(row[i]))
			if si >= 0 {
				break // with a series column, only the first y is drawn
			}
		}
	}
	spec.Categories = cats.names
	for ni, n := range names.names {
		s := series{Name: n, Values: make([]*float64, len(cats.names))}
		for ci := range cats.names {
			s.Values[ci] = sums[[2]int{ni, ci}]
		}
		spec.Series = append(spec.Series, s)
	}
	return spec, nil
}

// ordered numbers distinct names in the order first seen, up to limit.
type ordered struct {
	names []string
	idx   map[string]int
	limit int
	full  string // the error past the limit
}

// index is name's number, a new one for a name not seen yet.
func (o *ordered) index(name string) (int, error) {
	if i, ok := o.idx[name]; ok {
		return i, nil
	}
	if len(o.names) == o.limit {
		return 0, errors.New(o.full)
	}
	if o.idx == nil {
		o.idx = map[string]int{}
	}
	o.idx[name] = len(o.names)
	o.names = append(o.names, name)
	return len(o.names) - 1, nil
}

// addTo adds v to the sum at k: rows with the same x (and series) add up;
// a null adds nothing, and a sum of nulls stays null (a gap, not 0).
func addTo(sums map[[2]int]*float64, k [2]int, v *float64) {
	if v == nil {
		return
	}
	if p := sums[k]; p != nil {
		*p += *v
		return
	}
	x := *v
	sums[k] = &x
}

// draw renders the chart, or sets the note that says why not.
func (c *resultChart) draw(t *touming.Table) *chartSpec {
	if c.X == "" && len(c.Y) == 0 {
		return nil
	}
	spec, err := c.spec(t)
	if err != nil {
		c.Note = err.Error()
		return nil
	}
	if spec.empty() {
		c.Note = "所选的纵轴列中没有数字"
		return nil
	}
	html, err := spec.render()
	if err != nil {
		c.Note = err.Error()
		return nil
	}
	c.Chart = html
	return &spec
}

// HasY reports whether col is one of the chosen y columns.
func (c *resultChart) HasY(col string) bool { return contains(c.Y, col) }
