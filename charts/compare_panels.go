package charts

import (
	"fmt"
	"strconv"
)

// countyCharts builds the compare page's per-county bar charts for one
// focus year.
type countyCharts struct {
	d    *compareData
	y    int
	link func(string) string
	out  []panel
}

// comparePanels builds the compare page's charts: per-county bars for the
// focus year (表二, 表三, 表四 in the form's order), then trend lines over
// the selected years.
func comparePanels(d *compareData, y int, link func(string) string) []panel {
	c := &countyCharts{d: d, y: y, link: link}
	c.active()
	c.applications()
	c.review()
	return append(c.out, trendPanels(d, link)...)
}

// bar is a chart over the counties; title is prefixed with the year.
func (c *countyCharts) bar(id, kind, title, unit string, ss ...series) chartSpec {
	return chartSpec{ID: id, Kind: kind, Title: fmt.Sprintf("%d年 %s", c.y, title), Axis: "地区", Unit: unit, Categories: c.d.names(), Series: ss}
}

// s is one series over the counties in the focus year.
func (c *countyCharts) s(name string, f func(*countyYear) *float64) series {
	return c.d.perCounty(name, c.y, f)
}

func (c *countyCharts) add(spec chartSpec, note string) {
	c.out = append(c.out, chartPanel(spec, note, c.link))
}

// active is table 二: proactive disclosure.
func (c *countyCharts) active() {
	c.add(c.bar("active_normative", "bar", "行政规范性文件", "件",
		c.s("本年制发", keyFunc("active.normative.issued")),
		c.s("现行有效", keyFunc("active.normative.in_force"))),
		"表二。2019、2020年的报告用2019版模板，无“制发/现行有效”两栏，故为空。")
	c.add(c.bar("active_decisions", "bar", "行政许可、处罚、强制决定数", "件",
		c.s("行政许可", keyFunc("active.licensing.decisions")),
		c.s("行政处罚", keyFunc("active.penalty.decisions")),
		c.s("行政强制", keyFunc("active.coercion.decisions"))),
		"表二：本年处理决定数量。")
	c.add(c.bar("active_fees", "bar", "行政事业性收费", "万元", c.s("收费金额", keyFunc("active.fees.amount"))),
		"表二：本年收费金额（万元）；2019版模板无此栏。")
}

// applications is table 三: volumes and outcome shares, and 公开率.
func (c *countyCharts) applications() {
	counts := make([]series, len(outcomes))
	shares := make([]series, len(outcomes))
	for i, o := range outcomes {
		f := o.Value
		counts[i] = c.s(o.Label, f)
		shares[i] = c.s(o.Label, func(cy *countyYear) *float64 {
			return percent(ratio(f(cy), cy.value("apply.total_processed.total")))
		})
	}
	c.add(c.bar("apply_outcomes", "stack", "依申请公开：办理结果（件）", "件", counts...),
		"表三。柱高为办理结果各项之和；空白单元格不计入，不当作0。")
	sharesSpec := c.bar("apply_shares", "stack", "依申请公开：办理结果占比", "%", shares...)
	sharesSpec.Max = 100
	c.add(sharesSpec, "各项占“（七）总计”的百分比。")
	c.add(c.bar("disclosure_rate", "bar", "公开率", "%", c.s("公开率", rateFunc(disclosureRate))),
		"公开率 = (予以公开 + 部分公开) / 办理结果总计。")
}

// review is table 四: administrative review and litigation.
func (c *countyCharts) review() {
	c.add(c.bar("review_litigation", "bar", "行政复议与行政诉讼", "件",
		c.s("复议总计", keyFunc("review.total")),
		c.s("复议纠正", keyFunc("review.corrected")),
		c.s("诉讼总计", litTotal),
		c.s("诉讼纠正", func(cy *countyYear) *float64 { return cy.sum("lit_direct.corrected", "lit_after_review.corrected") })),
		"表四。诉讼为未经复议直接起诉与复议后起诉之和。")
	c.add(c.bar("correction_rate", "bar", "复议纠错率与诉讼败诉率", "%",
		c.s("复议纠错率", rateFunc(reviewCorrectionRate)),
		c.s("诉讼败诉率", rateFunc(litLossRate))),
		"复议纠错率 = 结果纠正 / (总计 − 尚未审结)；诉讼败诉率同理（两类诉讼合计）。分母为0时为空。")
}

// rateFunc turns a ratio into a percentage for charts.
func rateFunc(f func(*countyYear) *float64) func(*countyYear) *float64 {
	return func(cy *countyYear) *float64 { return percent(f(cy)) }
}

// trendPanels are the line charts over the selected years.
func trendPanels(d *compareData, link func(string) string) []panel {
	yearNames := make([]string, len(d.Years))
	for i, y := range d.Years {
		yearNames[i] = strconv.Itoa(y)
	}
	line := func(id, title, unit string, f func(*countyYear) *float64) panel {
		spec := chartSpec{ID: id, Kind: "line", Title: title, Axis: "年度", Unit: unit, Categories: yearNames, Series: d.trend(f)}
		return chartPanel(spec, "", link)
	}
	return []panel{
		line("trend_applications", "趋势：本年新收申请数", "件", keyFunc("apply.new_received.total")),
		line("trend_disclosure_rate", "趋势：公开率", "%", rateFunc(disclosureRate)),
		line("trend_review", "趋势：行政复议案件数", "件", keyFunc("review.total")),
		line("trend_correction_rate", "趋势：复议纠错率", "%", rateFunc(reviewCorrectionRate)),
	}
}
