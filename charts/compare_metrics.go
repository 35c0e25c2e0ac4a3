package charts

import (
	"math"
	"strconv"
)

// metric is one figure the compare page charts over the counties.
type metric struct {
	ID, Title, Unit, Note string
	Value                 func(*countyYear) *float64
	// N is a rate's denominator: a rate whose n is under the threshold is
	// drawn hollow and left out of rankings.
	N func(*countyYear) *float64
}

// countMetrics are the compare page's counts, one chart each so that every
// figure has its own axis (行政许可 runs to thousands, 行政强制 to tens).
var countMetrics = []metric{
	{ID: "active_normative_issued", Title: "行政规范性文件：本年制发", Unit: "件", Value: keyFunc("active.normative.issued"),
		Note: "表二。2019、2020年的报告用2019版模板，无“本年制发”一栏，故为空白。"},
	{ID: "active_normative_in_force", Title: "行政规范性文件：现行有效", Unit: "件", Value: keyFunc("active.normative.in_force"),
		Note: "表二；2019版模板无此栏。"},
	{ID: "active_licensing", Title: "行政许可：本年处理决定数", Unit: "件", Value: keyFunc("active.licensing.decisions"), Note: "表二。"},
	{ID: "active_penalty", Title: "行政处罚：本年处理决定数", Unit: "件", Value: keyFunc("active.penalty.decisions"), Note: "表二。"},
	{ID: "active_coercion", Title: "行政强制：本年处理决定数", Unit: "件", Value: keyFunc("active.coercion.decisions"), Note: "表二。"},
	{ID: "active_fees", Title: "行政事业性收费：本年收费金额", Unit: "万元", Value: keyFunc("active.fees.amount"), Note: "表二；2019版模板无此栏。"},
	{ID: "apply_new", Title: "依申请公开：本年新收申请", Unit: "件", Value: keyFunc("apply.new_received.total"), Note: "表三。"},
	{ID: "review_total", Title: "行政复议案件数", Unit: "件", Value: keyFunc("review.total"), Note: "表四。"},
	{ID: "lit_total", Title: "行政诉讼案件数", Unit: "件", Value: litTotal, Note: "表四：未经复议直接起诉与复议后起诉之和。"},
}

// rateMetrics are the page's rates, each with its n.
var rateMetrics = []metric{
	{ID: "disclosure_rate", Title: "公开率", Unit: "%", Value: rateFunc(disclosureRate), N: keyFunc("apply.total_processed.total"),
		Note: "公开率 = (予以公开 + 部分公开) / 办理结果总计；n = 办理结果总计。"},
	{ID: "review_correction_rate", Title: "复议纠错率", Unit: "%", Value: rateFunc(reviewCorrectionRate), N: reviewDecided,
		Note: "复议纠错率 = 结果纠正 / (总计 − 尚未审结)；n = 已审结的复议案件。"},
	{ID: "lit_loss_rate", Title: "诉讼败诉率", Unit: "%", Value: rateFunc(litLossRate), N: litDecided,
		Note: "诉讼败诉率 = 结果纠正 / (总计 − 尚未审结)，两类诉讼合计；n = 已审结的诉讼案件。"},
}

func reviewDecided(c *countyYear) *float64 {
	return sub(c.value("review.total"), c.value("review.pending"))
}

func litDecided(c *countyYear) *float64 {
	return add(sub(c.value("lit_direct.total"), c.value("lit_direct.pending")),
		sub(c.value("lit_after_review.total"), c.value("lit_after_review.pending")))
}

// rateFunc turns a ratio into a percentage for charts.
func rateFunc(f func(*countyYear) *float64) func(*countyYear) *float64 {
	return func(cy *countyYear) *float64 { return percent(f(cy)) }
}

// round2 rounds to two decimals, what a count, an amount in 万元 or a
// percentage means (no 55.00000000000001); nil stays nil.
func round2(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := math.Round(*p*100) / 100
	return &v
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
