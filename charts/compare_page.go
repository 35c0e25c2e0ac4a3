package charts

import (
	"context"
	"fmt"
	"html/template"

	"github.com/touming/touming"
)

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

// unitOption is one choice of the unit picker: a link, so that the unit is
// in the URL.
type unitOption struct {
	Label, Link string
	Selected    bool
}

// comparePage is the data of the compare template.
type comparePage struct {
	Params    compareParams
	Regions   []regionOption
	Years     []yearOption
	Region    regionOption
	Units     []unitOption // 县级政府, 全县合计, then each department type
	UnitLabel string
	SortLink  string // the other sort order
	SortValue bool
	Charts    []chartBlock
	Trends    []panel
	YoYChart  chartBlock
	YoY       panel
	Bodies    panel // whole county: the bodies summed per county and year
	Changed   []string
	Ranks     []rankTable
	Map       *mapBlock
	Threshold int
	Empty     string // why there is nothing to show, when there is not
	data      *compareData
}

// chartBlock is one grouped chart with its CSV link.
type chartBlock struct {
	Name, Title, Note, CSV, Empty string
	Chart                         template.HTML
	spec                          groupChart
}

// compareData fills the pickers, then the charts for the chosen region,
// years and unit; with no region chosen it picks the first city that has
// counties.
func (s *Server) compareData(ctx context.Context, p compareParams, link func(string) string) (*comparePage, error) {
	page := &comparePage{Threshold: s.cfg.MinApplications}
	regions, err := s.cachedQuery(ctx, "compare_regions")
	if err != nil {
		return nil, err
	}
	years, err := s.cachedQuery(ctx, "compare_years")
	if err != nil {
		return nil, err
	}
	p = page.pick(p, rowMaps(regions), rowMaps(years))
	if page.Empty != "" {
		return page, nil
	}
	types, err := s.cachedQuery(ctx, "compare_types", p.prefix(), joinYears(p.Years))
	if err != nil {
		return nil, err
	}
	p = page.pickUnit(p, rowMaps(types))
	page.Params = p
	if page.Empty != "" {
		return page, nil
	}
	counties, err := s.cachedQuery(ctx, "compare_counties", p.prefix(), joinYears(p.Years))
	if err != nil {
		return nil, err
	}
	d, err := s.compareValues(ctx, p, counties)
	if err != nil {
		return nil, err
	}
	d.Years = p.Years
	if len(d.Counties) == 0 {
		page.Empty = fmt.Sprintf("%s 在所选年份没有县级报告。", page.Region.Name)
		return page, nil
	}
	page.data = d
	b := &chartBuilder{d: d, p: p, min: s.cfg.MinApplications}
	// The 19 charts and the panels below each take 40-60 ms of CPU for a
	// province's whole counties at a million reports (issue 17): they are
	// built on the two cores at once. Both read d only; its one lazy
	// field, bodiesChanged's notes, is filled here first, and
	// countyYear.sumPrefix locks its own cache.
	bodiesChanged(d)
	charts := make(chan []chartBlock, 1)
	go func() { charts <- b.charts(link) }()
	page.Trends = trendPanels(d, link)
	page.YoYChart, page.YoY = yoy(b, link)
	page.Ranks = rankTables(d, p, s.cfg.MinApplications, link)
	if p.Unit == UnitCounty {
		page.Bodies, page.Changed = bodiesPanel(d, link)
	}
	page.Charts = <-charts
	if page.Region.Level == "city" {
		m, err := s.mapData(ctx, p, d, s.cfg.MinApplications)
		if err != nil {
			return nil, err
		}
		page.Map = m
	}
	return page, nil
}

// compareValues reads and pivots the unit's values: whole counties are
// summed by the database (compare_sums), one body per county is read report
// by report (compare_values).
func (s *Server) compareValues(ctx context.Context, p compareParams, counties *touming.Table) (*compareData, error) {
	if p.Unit == UnitCounty {
		t, err := s.query(ctx, "compare_sums", p.prefix(), joinYears(p.Years))
		if err != nil {
			return nil, err
		}
		return pivotSums(counties, t), nil
	}
	t, err := s.query(ctx, "compare_values", p.prefix(), joinYears(p.Years), p.Unit, p.Type)
	if err != nil {
		return nil, err
	}
	return pivotCompare(counties, t, false), nil
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

// pickUnit fills the unit picker; a department unit without a type takes
// the type most counties have.
func (page *comparePage) pickUnit(p compareParams, types []rowMap) compareParams {
	if p.Unit == UnitDept && p.Type == "" {
		if len(types) == 0 {
			page.Empty = "所选地区和年份没有可识别类型的部门报告。"
			return p
		}
		p.Type = types[0].Str("dept_type")
	}
	page.UnitLabel = p.unitLabel()
	page.Units = []unitOption{
		{Label: "县级人民政府", Link: p.with("unit", UnitGov, "type", ""), Selected: p.Unit == UnitGov},
		{Label: "全县合计", Link: p.with("unit", UnitCounty, "type", ""), Selected: p.Unit == UnitCounty},
	}
	for _, m := range types {
		t := m.Str("dept_type")
		page.Units = append(page.Units, unitOption{Label: fmt.Sprintf("%s（%d县）", t, m.Int("counties")),
			Link: p.with("unit", UnitDept, "type", t), Selected: p.Unit == UnitDept && p.Type == t})
	}
	page.SortValue = p.Sort == "value"
	if page.SortValue {
		page.SortLink = p.with("sort", "code")
	} else {
		page.SortLink = p.with("sort", "value")
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
