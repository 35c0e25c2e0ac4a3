package charts

import (
	"fmt"
	"sort"
	"strconv"
)

// chartBuilder builds the compare page's grouped charts: counties on the
// axis, a bar per selected year.
type chartBuilder struct {
	d   *compareData
	p   compareParams
	min int // the rate threshold (--rank-min)
}

// charts are every count, the outcomes (counts and shares, stacked per
// year) and every rate.
func (b *chartBuilder) charts(link func(string) string) []chartBlock {
	var out []chartBlock
	add := func(g groupChart, note string) {
		out = append(out, block(g, note, link))
	}
	for _, m := range countMetrics[:6] {
		add(b.chart(m), m.Note)
	}
	add(b.chart(countMetrics[6]), countMetrics[6].Note)
	add(b.outcomes("apply_outcomes", "依申请公开：办理结果", "件", false), "表三。每年一组堆叠柱，柱高为办理结果各项之和；空白单元格不计入，不当作0。")
	shares := b.outcomes("apply_shares", "依申请公开：办理结果占比", "%", true)
	shares.Max = 100
	add(shares, "各项占“（七）总计”的百分比。")
	for _, m := range countMetrics[7:] {
		add(b.chart(m), m.Note)
	}
	for _, m := range rateMetrics {
		add(b.chart(m), m.Note+fmt.Sprintf(" n 小于 %d 的比率画为空心虚线柱，不参与排名。", b.min))
	}
	return out
}

// block renders a chart into a chartBlock.
func block(g groupChart, note string, link func(string) string) chartBlock {
	c := chartBlock{Name: g.ID, Title: g.Title, Note: note, CSV: link(g.ID), spec: g}
	if g.empty() {
		c.Empty = "没有可画的数字（所选范围内这些单元格都为空，或没有报告）"
		return c
	}
	h, err := g.render()
	if err != nil {
		c.Empty = err.Error()
		return c
	}
	c.Chart = h
	return c
}

// newChart starts a chart over the counties in the order asked: by code,
// or by the last selected year's value (largest first, missing last).
func (b *chartBuilder) newChart(id, title, unit string, sortBy func(*countyYear) *float64) (groupChart, []*county) {
	cs := append([]*county(nil), b.d.Counties...)
	if b.p.Sort == "value" {
		last := b.p.Years[len(b.p.Years)-1]
		val := func(c *county) float64 {
			if cy := c.Years[last]; cy != nil {
				if v := sortBy(cy); v != nil {
					return *v
				}
			}
			return -1e300
		}
		sort.SliceStable(cs, func(i, j int) bool { return val(cs[i]) > val(cs[j]) })
	}
	g := groupChart{ID: id, Title: title, Unit: unit, Threshold: b.min}
	changed := bodiesChanged(b.d)
	for _, c := range cs {
		g.Cats = append(g.Cats, chartCat{Name: c.Name, Code: c.Code, Link: c.page, Flag: changed[c.Code] != ""})
	}
	return g, cs
}

// chart is one metric: a series per selected year.
func (b *chartBuilder) chart(m metric) groupChart {
	g, cs := b.newChart(m.ID, m.Title, m.Unit, m.Value)
	for _, y := range b.p.Years {
		s := groupSerie{Name: strconv.Itoa(y) + "年", Year: y, Pts: make([]groupPoint, 0, len(cs))}
		for _, c := range cs {
			s.Pts = append(s.Pts, b.point(c, y, m, true))
		}
		g.Series = append(g.Series, s)
	}
	g.Log = m.N == nil && g.wantsLog()
	return g
}

// point is county c's bar in year y: its value, the report behind it, n
// and whether n is under the threshold for a rate, and the reason a
// missing bar is missing.
func (b *chartBuilder) point(c *county, y int, m metric, label bool) groupPoint {
	cy := c.Years[y]
	if cy == nil {
		p := groupPoint{missing: "无报告", Link: c.page}
		if label {
			p.M = p.missing
		}
		return p
	}
	p := groupPoint{V: round2(m.Value(cy)), R: cy.ReportID, A: cy.Agency, agencies: cy.Agencies, Z: label}
	if b.d.Sum {
		p.B = len(cy.Reports)
		p.Link = c.page
	}
	if p.V == nil {
		p.missing = "空白"
		if label {
			p.M = p.missing
		}
	}
	if m.N != nil {
		p.N = m.N(cy)
		p.Low = p.V != nil && p.N != nil && *p.N < float64(b.min)
	}
	return p
}

// outcomes is table 三's result groups, stacked per year: counts, or with
// share set each group's share of （七）总计 in %.
func (b *chartBuilder) outcomes(id, title, unit string, share bool) groupChart {
	value := func(o outcome) func(*countyYear) *float64 {
		if !share {
			return o.Value
		}
		return func(cy *countyYear) *float64 {
			return percent(ratio(o.Value(cy), cy.value("apply.total_processed.total")))
		}
	}
	g, cs := b.newChart(id, title, unit, keyFunc("apply.total_processed.total"))
	for _, y := range b.p.Years {
		for i, o := range outcomes {
			color := i
			s := groupSerie{Name: fmt.Sprintf("%d %s", y, o.Label), Year: y, Part: o.Label, Stack: strconv.Itoa(y), Color: &color,
				Pts: make([]groupPoint, 0, len(cs))}
			m := metric{Value: value(o)}
			for _, c := range cs {
				p := b.point(c, y, m, i == 0)
				p.Z = false
				s.Pts = append(s.Pts, p)
			}
			g.Series = append(g.Series, s)
		}
	}
	return g
}
