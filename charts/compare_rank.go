package charts

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"

	"github.com/touming/touming"
)

// rankTable ranks the counties by one rate in every selected year.
type rankTable struct {
	ID, Title, Note, CSV string
	Years                []int
	Rows                 []rankLine
	RowsHTML             template.HTML // Rows in the page (rowsHTML)
}

// rankLine is one county's ranks over the years.
type rankLine struct {
	Code, County string
	Cells        []rankCell
}

// rankCell is a county's rank in one year, or why it has none.
type rankCell struct {
	Rank     int // 0 when not ranked
	Rate     *float64
	N        *float64
	ReportID int64
	Agencies []int64
	Reason   string
}

// rankTables ranks by every rate. A county whose n (the rate's
// denominator) is under min is listed with the reason, not ranked: a rate
// over a handful of cases would put it first or last by chance.
func rankTables(d *compareData, p compareParams, min int, link func(string) string) []rankTable {
	var out []rankTable
	e := newEscapes()
	for _, m := range rateMetrics {
		t := rankTable{ID: "rank_" + m.ID, Title: m.Title + "排名", Years: p.Years, CSV: link("rank_" + m.ID),
			Note: fmt.Sprintf("每年按%s从高到低排名；n 小于 %d 的地区不参与排名（比率说明力弱），列出原因。", m.Title, min)}
		for _, c := range d.Counties {
			line := rankLine{Code: c.Code, County: c.Name}
			for _, y := range p.Years {
				line.Cells = append(line.Cells, rankCellOf(c.Years[y], m, min))
			}
			t.Rows = append(t.Rows, line)
		}
		for i := range p.Years {
			assignRanks(t.Rows, i)
		}
		last := len(p.Years) - 1
		sort.SliceStable(t.Rows, func(i, j int) bool {
			a, b := t.Rows[i].Cells[last].Rank, t.Rows[j].Cells[last].Rank
			return a != 0 && (b == 0 || a < b)
		})
		t.RowsHTML = t.rowsHTML(e)
		out = append(out, t)
	}
	return out
}

func rankCellOf(cy *countyYear, m metric, min int) rankCell {
	if cy == nil {
		return rankCell{Reason: "无报告"}
	}
	c := rankCell{Rate: round2(m.Value(cy)), N: m.N(cy), ReportID: cy.ReportID, Agencies: cy.Agencies}
	switch {
	case c.N == nil:
		c.Reason = "分母为空，无法计算"
	case *c.N < float64(min):
		c.Reason = fmt.Sprintf("n = %s，小于 %d，不参与排名", formatNumber(c.N), min)
	case c.Rate == nil:
		c.Reason = "无法计算（分母为0或单元格空白）"
	}
	return c
}

// assignRanks ranks year i's cells that have no reason; ties share a rank.
func assignRanks(rows []rankLine, i int) {
	var ok []*rankCell
	for r := range rows {
		if c := &rows[r].Cells[i]; c.Reason == "" {
			ok = append(ok, c)
		}
	}
	sort.SliceStable(ok, func(a, b int) bool { return *ok[a].Rate > *ok[b].Rate })
	for k, c := range ok {
		c.Rank = k + 1
		if k > 0 && *c.Rate == *ok[k-1].Rate {
			c.Rank = ok[k-1].Rank
		}
	}
}

// table is the ranking as CSV rows: one per county and year.
func (t rankTable) table(p compareParams) *touming.Table {
	out := &touming.Table{Columns: []string{"区划代码", "地区", "对比单位", "年度", "机关ID", "报告ID", "排名", t.Title[:len(t.Title)-len("排名")] + "（%）", "n", "说明"}}
	for _, l := range t.Rows {
		for i, y := range t.Years {
			c := l.Cells[i]
			var rk any
			if c.Rank > 0 {
				rk = int64(c.Rank)
			}
			out.Rows = append(out.Rows, []any{l.Code, l.County, p.unitLabel(), int64(y), joinIDs(c.Agencies), idOrNil(c.ReportID),
				rk, ptrValue(c.Rate), ptrValue(c.N), c.Reason})
		}
	}
	return out
}

// yoyMetrics are the figures whose year-over-year change the page shows.
var yoyMetrics = []metric{countMetrics[6], countMetrics[2], countMetrics[7], rateMetrics[0]}

// yoy builds the change panel: a chart of the % change in new applications
// between consecutive selected years, and a table of Δ and % of several
// figures (a rate's change in percentage points).
func yoy(b *chartBuilder, link func(string) string) (chartBlock, panel) {
	d, years := b.d, b.p.Years
	t := &touming.Table{Columns: []string{"区划代码", "地区", "对比单位", "指标", "上年", "本年", "机关ID", "上年值", "本年值", "变化（Δ）", "变化率（%）"}}
	g, cs := b.newChart("yoy_apply_new", "同比变化：本年新收申请", "%", func(cy *countyYear) *float64 { return nil })
	for i := 1; i < len(years); i++ {
		s := groupSerie{Name: fmt.Sprintf("%d→%d", years[i-1], years[i]), Pts: make([]groupPoint, 0, len(cs))}
		for _, c := range cs {
			s.Pts = append(s.Pts, yoyPoint(c, years[i-1], years[i], countMetrics[6]))
		}
		g.Series = append(g.Series, s)
	}
	for _, m := range yoyMetrics {
		for _, c := range d.Counties {
			for i := 1; i < len(years); i++ {
				a, z := c.Years[years[i-1]], c.Years[years[i]]
				va, vz := valueOf(a, m), valueOf(z, m)
				delta := round2(sub(vz, va))
				var pct *float64
				if m.N == nil {
					pct = round2(percent(ratio(delta, va)))
				}
				var ids []int64
				if z != nil {
					ids = z.Agencies
				}
				t.Rows = append(t.Rows, []any{c.Code, c.Name, b.p.unitLabel(), m.Title, int64(years[i-1]), int64(years[i]), joinIDs(ids),
					ptrValue(round2(va)), ptrValue(round2(vz)), ptrValue(delta), ptrValue(pct)})
			}
		}
	}
	note := "相邻两个所选年份之间的变化；比率（公开率）的变化以百分点计，不计变化率。任一年无报告或单元格空白时为空。"
	if len(years) < 2 {
		return chartBlock{Name: g.ID, Title: g.Title, Empty: "同比变化需要选择至少两个年份。"}, panel{Name: "yoy", Title: "同比变化", Data: t, CSV: link("yoy"), Note: note}
	}
	return block(g, "新收申请比上一所选年份的变化率。", link), panel{Name: "yoy", Title: "同比变化（Δ 与 %）", Data: t, CSV: link("yoy"), Note: note}
}

func valueOf(cy *countyYear, m metric) *float64 {
	if cy == nil {
		return nil
	}
	return m.Value(cy)
}

// yoyPoint is the % change of m for county c from year a to year z.
func yoyPoint(c *county, a, z int, m metric) groupPoint {
	ca, cz := c.Years[a], c.Years[z]
	if ca == nil || cz == nil {
		return groupPoint{M: "无报告", missing: "无报告", Link: c.page}
	}
	p := groupPoint{V: round2(percent(ratio(sub(m.Value(cz), m.Value(ca)), m.Value(ca)))), R: cz.ReportID, agencies: cz.Agencies, Z: true}
	if p.V == nil {
		p.M, p.missing = "空白", "空白"
	}
	return p
}

// joinIDs lists agency ids for a CSV cell: one id, or several joined by
// spaces for a whole-county sum.
func joinIDs(ids []int64) string {
	// Appended into one buffer: a whole county's sum at a million reports
	// has about 50 bodies, and the year-on-year panel joins them for every
	// metric, county and year.
	b := make([]byte, 0, 8*len(ids))
	for i, id := range ids {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(b)
}

func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
