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
	t := &touming.Table{Columns: []string{"排名", "区划代码", "地区", "办理结果总计", "公开率（%）", "说明"}}
	for _, r := range rows {
		var rk any
		if r.Rank > 0 {
			rk = r.Rank
		}
		t.Rows = append(t.Rows, []any{rk, r.Code, r.County, ptrValue(r.Processed), ptrValue(percent(r.Rate)), r.Reason})
	}
	return t
}
