package charts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// compareParams are the compare page's query parameters, so that a view
// can be shared as a URL: region (a province or city code) and years.
type compareParams struct {
	Region string // 6-digit code, e.g. 410700
	Years  []int  // selected years, ascending
}

// parseCompare reads ?region=410700&year=2021&year=2022 (years may also
// come comma separated: years=2021,2022). Errors name the parameter.
func parseCompare(q url.Values) (compareParams, error) {
	var p compareParams
	p.Region = strings.TrimSpace(q.Get("region"))
	if p.Region != "" && !isRegionCode(p.Region) {
		return p, fmt.Errorf("parameter region=%q: want a 6-digit province or city code such as 410000 or 410700", p.Region)
	}
	raw := q["year"]
	for _, s := range q["years"] {
		raw = append(raw, strings.Split(s, ",")...)
	}
	seen := map[int]bool{}
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2100 {
			return p, fmt.Errorf("parameter year=%q: want a year such as 2023", s)
		}
		if !seen[y] {
			seen[y] = true
			p.Years = append(p.Years, y)
		}
	}
	sort.Ints(p.Years)
	return p, nil
}

// isRegionCode accepts a province (XX0000) or city (XXXX00) code.
func isRegionCode(s string) bool {
	if len(s) != 6 || !strings.HasSuffix(s, "00") {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// prefix is the code prefix the region's counties share.
func (p compareParams) prefix() string {
	if strings.HasSuffix(p.Region, "0000") {
		return p.Region[:2]
	}
	return p.Region[:4]
}

// regionOption is one entry of the region picker.
type regionOption struct {
	Code, Name, Level string
	Counties          int
	Selected          bool
}

// yearOption is one checkbox of the year picker.
type yearOption struct {
	Year     int
	Selected bool
}

// comparePage is the data of the compare template.
type comparePage struct {
	Regions   []regionOption
	Years     []yearOption
	Region    regionOption
	Focus     int // the year the per-county charts show: the latest selected
	Panels    []panel
	Ranking   []rankRow
	RankCSV   string
	Threshold int
	Empty     string // why there is nothing to show, when there is not
}

func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	params, err := parseCompare(r.URL.Query())
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	page, err := s.compareData(ctx, params, csvLink("/compare", r.URL.Query()))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		rank := panel{Name: "ranking", Data: rankingTable(page.Ranking)}
		s.sendPanelCSV(w, name, append(page.Panels, rank)...)
		return
	}
	s.render(w, http.StatusOK, "compare", "地区对比", page)
}

// compareData fills the pickers, then the charts for the chosen region and
// years; with no region chosen it picks the first city that has counties.
func (s *Server) compareData(ctx context.Context, p compareParams, link func(string) string) (*comparePage, error) {
	page := &comparePage{Threshold: s.cfg.MinApplications}
	regions, err := s.query(ctx, "compare_regions")
	if err != nil {
		return nil, err
	}
	years, err := s.query(ctx, "compare_years")
	if err != nil {
		return nil, err
	}
	p = page.pick(p, rowMaps(regions), rowMaps(years))
	if page.Empty != "" {
		return page, nil
	}
	t, err := s.query(ctx, "compare_values", p.prefix(), joinYears(p.Years))
	if err != nil {
		return nil, err
	}
	d := pivotCompare(t)
	if len(d.Counties) == 0 {
		page.Empty = fmt.Sprintf("%s 在所选年份没有县级报告。", page.Region.Name)
		return page, nil
	}
	d.Years = p.Years
	page.Focus = p.Years[len(p.Years)-1]
	page.Panels = comparePanels(d, page.Focus, link)
	page.Ranking = rank(d, page.Focus, s.cfg.MinApplications)
	page.RankCSV = link("ranking")
	return page, nil
}

// pick fills the pickers and settles the region and years: the requested
// ones, else the first city with counties and every year there is.
func (page *comparePage) pick(p compareParams, regions, years []rowMap) compareParams {
	if len(regions) == 0 || len(years) == 0 {
		page.Empty = "还没有县级报告——先运行 touming crawl（或 touming load）把年报装进仓库。"
		return p
	}
	if p.Region == "" {
		p.Region = defaultRegion(regions)
	}
	for _, m := range regions {
		o := regionOption{Code: m.Str("code"), Name: m.Str("name"), Level: m.Str("level"), Counties: m.Int("counties")}
		o.Selected = o.Code == p.Region
		if o.Selected {
			page.Region = o
		}
		page.Regions = append(page.Regions, o)
	}
	if page.Region.Code == "" {
		page.Region = regionOption{Code: p.Region, Name: p.Region}
	}
	if len(p.Years) == 0 {
		for _, m := range years {
			p.Years = append(p.Years, m.Int("year"))
		}
	}
	for _, m := range years {
		y := m.Int("year")
		page.Years = append(page.Years, yearOption{Year: y, Selected: containsInt(p.Years, y)})
	}
	return p
}

// defaultRegion is the first city in the list, else the first province.
func defaultRegion(regions []rowMap) string {
	for _, m := range regions {
		if m.Str("level") == "city" {
			return m.Str("code")
		}
	}
	return regions[0].Str("code")
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinYears(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ",")
}

// comparePanels builds the compare page's charts: per-county bars for the
// focus year, then trend lines over the selected years.
func comparePanels(d *compareData, y int, link func(string) string) []panel {
	names := d.names()
	ys := fmt.Sprint(y)
	bar := func(id, kind, title, unit string, ss ...series) chartSpec {
		return chartSpec{ID: id, Kind: kind, Title: title, Axis: "地区", Unit: unit, Categories: names, Series: ss}
	}
	shares := make([]series, len(outcomes))
	counts := make([]series, len(outcomes))
	for i, o := range outcomes {
		counts[i] = d.perCounty(o.Label, y, o.Value)
		f := o.Value
		shares[i] = d.perCounty(o.Label, y, func(c *countyYear) *float64 {
			return percent(ratio(f(c), c.value("apply.total_processed.total")))
		})
	}
	var out []panel
	add := func(spec chartSpec, note string) { out = append(out, chartPanel(spec, note, link)) }
	add(bar("active_normative", "bar", ys+"年 行政规范性文件", "件",
		d.perCounty("本年制发", y, keyFunc("active.normative.issued")),
		d.perCounty("现行有效", y, keyFunc("active.normative.in_force"))),
		"表二。2019、2020年的报告用2019版模板，无“制发/现行有效”两栏，故为空。")
	add(bar("active_decisions", "bar", ys+"年 行政许可、处罚、强制决定数", "件",
		d.perCounty("行政许可", y, keyFunc("active.licensing.decisions")),
		d.perCounty("行政处罚", y, keyFunc("active.penalty.decisions")),
		d.perCounty("行政强制", y, keyFunc("active.coercion.decisions"))),
		"表二：本年处理决定数量。")
	add(bar("active_fees", "bar", ys+"年 行政事业性收费", "万元",
		d.perCounty("收费金额", y, keyFunc("active.fees.amount"))), "表二：本年收费金额（万元）；2019版模板无此栏。")
	add(bar("apply_outcomes", "stack", ys+"年 依申请公开：办理结果（件）", "件", counts...),
		"表三。柱高为办理结果各项之和；空白单元格不计入，不当作0。")
	sharesSpec := bar("apply_shares", "stack", ys+"年 依申请公开：办理结果占比", "%", shares...)
	sharesSpec.Max = 100
	add(sharesSpec,
		"各项占“（七）总计”的百分比。")
	add(bar("disclosure_rate", "bar", ys+"年 公开率", "%",
		d.perCounty("公开率", y, func(c *countyYear) *float64 { return percent(disclosureRate(c)) })),
		"公开率 = (予以公开 + 部分公开) / 办理结果总计。")
	add(bar("review_litigation", "bar", ys+"年 行政复议与行政诉讼", "件",
		d.perCounty("复议总计", y, keyFunc("review.total")),
		d.perCounty("复议纠正", y, keyFunc("review.corrected")),
		d.perCounty("诉讼总计", y, litTotal),
		d.perCounty("诉讼纠正", y, func(c *countyYear) *float64 {
			return c.sum("lit_direct.corrected", "lit_after_review.corrected")
		})), "表四。诉讼为未经复议直接起诉与复议后起诉之和。")
	add(bar("correction_rate", "bar", ys+"年 复议纠错率与诉讼败诉率", "%",
		d.perCounty("复议纠错率", y, func(c *countyYear) *float64 { return percent(reviewCorrectionRate(c)) }),
		d.perCounty("诉讼败诉率", y, func(c *countyYear) *float64 { return percent(litLossRate(c)) })),
		"复议纠错率 = 结果纠正 / (总计 − 尚未审结)；诉讼败诉率同理（两类诉讼合计）。分母为0时为空。")
	out = append(out, trendPanels(d, link)...)
	return out
}

// trendPanels are the line charts over the selected years.
func trendPanels(d *compareData, link func(string) string) []panel {
	yearNames := make([]string, len(d.Years))
	for i, y := range d.Years {
		yearNames[i] = strconv.Itoa(y)
	}
	line := func(id, title, unit string, f func(*countyYear) *float64) chartSpec {
		return chartSpec{ID: id, Kind: "line", Title: title, Axis: "年度", Unit: unit, Categories: yearNames, Series: d.trend(f)}
	}
	return []panel{
		chartPanel(line("trend_applications", "趋势：本年新收申请数", "件", keyFunc("apply.new_received.total")), "", link),
		chartPanel(line("trend_disclosure_rate", "趋势：公开率", "%", func(c *countyYear) *float64 { return percent(disclosureRate(c)) }), "", link),
		chartPanel(line("trend_review", "趋势：行政复议案件数", "件", keyFunc("review.total")), "", link),
		chartPanel(line("trend_correction_rate", "趋势：复议纠错率", "%", func(c *countyYear) *float64 { return percent(reviewCorrectionRate(c)) }), "", link),
	}
}

// rankRow is one line of the ranking table.
type rankRow struct {
	Rank      int // 0 when not ranked
	County    string
	Code      string
	ReportID  any
	Processed *float64
	Rate      *float64
	Reason    string // why the county is not ranked
}

// rank orders the counties by 公开率 in year y. A county that processed
// fewer than min applications (or whose numbers are blank) is listed after
// the ranked ones with the reason, not ranked: a rate over a handful of
// requests would put it first or last by chance.
func rank(d *compareData, y, min int) []rankRow {
	var ranked, rest []rankRow
	for _, c := range d.Counties {
		cy := c.Years[y]
		row := rankRow{County: c.Name, Code: c.Code}
		switch {
		case cy == nil:
			row.Reason = fmt.Sprintf("没有%d年的报告", y)
		default:
			row.ReportID = cy.ReportID
			row.Processed = cy.value("apply.total_processed.total")
			row.Rate = disclosureRate(cy)
			row.Reason = rankReason(row, min)
		}
		if row.Reason == "" {
			ranked = append(ranked, row)
		} else {
			rest = append(rest, row)
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool { return *ranked[i].Rate > *ranked[j].Rate })
	for i := range ranked {
		ranked[i].Rank = i + 1
		if i > 0 && *ranked[i].Rate == *ranked[i-1].Rate {
			ranked[i].Rank = ranked[i-1].Rank
		}
	}
	return append(ranked, rest...)
}

func rankReason(row rankRow, min int) string {
	switch {
	case row.Processed == nil:
		return "办理结果总计为空，无法计算公开率"
	case *row.Processed < float64(min):
		return fmt.Sprintf("申请量不足%d件（仅%s件），不参与排名", min, formatNumber(*row.Processed))
	case row.Rate == nil:
		return "予以公开或部分公开为空，无法计算公开率"
	}
	return ""
}

// rankingTable is the ranking as a table, for its CSV download.
func rankingTable(rows []rankRow) *touming.Table {
	t := &touming.Table{Columns: []string{"排名", "区划代码", "地区", "办理结果总计", "公开率", "说明"}}
	for _, r := range rows {
		var rk any
		if r.Rank > 0 {
			rk = r.Rank
		}
		t.Rows = append(t.Rows, []any{rk, r.Code, r.County, ptrValue(r.Processed), ptrValue(r.Rate), r.Reason})
	}
	return t
}
