package charts

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// coveragePage is the data of the coverage template: for a province, a
// city or the nation, which counties have a source, which were reached,
// what discovery found and how many reports each year brought.
type coveragePage struct {
	Region   string // as asked: 41, 4107, or empty for the nation
	Selected string // its six-digit code in the picker (410000, 410700)
	Name     string // 河南省, 新乡市, 全国
	Years    []int
	Rows     []coverageRow
	Statuses []statusCount
	Total    int
	Sourced  int
	Reached  int
	Reports  int
	Table    panel     // the rows as a table, for the CSV link
	Map      *mapBlock // a city's counties on its map; nil for a province or the nation
	Picker   []rowMap
}

// coverageRow is one county.
type coverageRow struct {
	rowMap
	Status  string // the discovery status, "unchecked" for a source never crawled, "none" for no source
	Reports []int  // per year of Years
}

// statusCount is how many counties have a status.
type statusCount struct {
	Status string
	N      int
}

var coverageRegionRE = regexp.MustCompile(`^(\d{2}|\d{4}|\d{6})$`)

// coveragePrefix turns the region parameter (41, 410000, 4107, 410700)
// into the code prefix of its counties; empty is the nation.
func coveragePrefix(region string) (string, error) {
	switch {
	case region == "":
		return "", nil
	case !coverageRegionRE.MatchString(region):
		return "", userErrf("地区代码应为省或市的区划代码（如 41、4107），留空为全国。",
			"region=%q: want a province or city code (41, 4107), or nothing for the nation", region)
	case len(region) == 6 && strings.HasSuffix(region, "0000"):
		return region[:2], nil
	case len(region) == 6 && strings.HasSuffix(region, "00"):
		return region[:4], nil
	}
	return region, nil
}

func (s *Server) coverage(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	region := strings.TrimSpace(r.URL.Query().Get("region"))
	prefix, err := coveragePrefix(region)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	p, err := s.coverageData(ctx, region, prefix, csvLink("/coverage", r.URL.Query()))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if prefix != "" && len(p.Rows) == 0 {
		s.fail(w, http.StatusNotFound, userErrf("没有这个地区："+region+"（区划代码表里没有它下属的县级单位）。", "region=%q: no county-level division under it", region))
		return
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		s.sendPanelCSV(w, name, p.Table)
		return
	}
	s.render(w, http.StatusOK, "coverage", "覆盖情况", p)
}

func (s *Server) coverageData(ctx context.Context, region, prefix string, link func(string) string) (*coveragePage, error) {
	counties, err := s.query(ctx, "coverage_counties", prefix)
	if err != nil {
		return nil, err
	}
	years, err := s.query(ctx, "coverage_years", prefix)
	if err != nil {
		return nil, err
	}
	picker, err := s.query(ctx, "coverage_regions")
	if err != nil {
		return nil, err
	}
	p := &coveragePage{Region: region, Name: "全国", Picker: rowMaps(picker)}
	if prefix != "" {
		p.Name = "地区 " + region // a county code: the heading names it by code
	}
	for _, m := range p.Picker {
		if code := m.Str("code"); prefix != "" && strings.TrimRight(code, "0") == strings.TrimRight(prefix, "0") {
			p.Name, p.Selected = m.Str("name"), code
		}
	}
	p.build(rowMaps(counties), rowMaps(years))
	p.Table = panel{Name: "coverage", Title: "各县覆盖情况", Data: p.table(counties), CSV: link("coverage")}
	if p.Map, err = s.coverageMap(ctx, prefix, p); err != nil {
		return nil, err
	}
	return p, nil
}

// build pivots the reports per year onto the counties and counts them.
func (p *coveragePage) build(counties, years []rowMap) {
	per := map[string]map[int]int{}
	seen := map[int]bool{}
	for _, y := range years {
		code, year := y.Str("code"), y.Int("year")
		if per[code] == nil {
			per[code] = map[int]int{}
		}
		per[code][year] = y.Int("reports")
		seen[year] = true
	}
	for y := range seen {
		p.Years = append(p.Years, y)
	}
	sort.Ints(p.Years)
	by := map[string]int{}
	for _, c := range counties {
		row := coverageRow{rowMap: c, Status: c.Str("status")}
		switch {
		case c.Str("sources") == "":
			row.Status = "none"
		case row.Status == "":
			row.Status = "unchecked"
		}
		p.Total++
		if row.Status != "none" {
			p.Sourced++
		}
		if c.Str("reached") == "true" {
			p.Reached++
		}
		for _, y := range p.Years {
			n := per[c.Str("code")][y]
			row.Reports = append(row.Reports, n)
			p.Reports += n
		}
		by[row.Status]++
		p.Rows = append(p.Rows, row)
	}
	for _, st := range statusOrder {
		if by[st] > 0 {
			p.Statuses = append(p.Statuses, statusCount{st, by[st]})
		}
	}
}

// statusOrder lists the statuses from best to worst, as the page shows them.
var statusOrder = []string{touming.DiscoveryOK, touming.DiscoveryMoved, touming.DiscoveryEmpty, touming.DiscoveryNoColumn,
	touming.DiscoveryJSShell, touming.DiscoveryChallenge, touming.DiscoveryDead, "unchecked", "none"}

// table is the counties with a column of reports per year, for the CSV:
// a year without reports is 0 there, since a county reached and found
// without a report is a finding, not a gap.
func (p *coveragePage) table(counties *touming.Table) *touming.Table {
	t := &touming.Table{Columns: append(append([]string{}, counties.Columns...), "coverage")}
	for _, y := range p.Years {
		t.Columns = append(t.Columns, "reports_"+strconv.Itoa(y))
	}
	for i, r := range counties.Rows {
		row := append(append([]any{}, r...), p.Rows[i].Status)
		for _, n := range p.Rows[i].Reports {
			row = append(row, n)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// coverageStatusText gives a status in Chinese for the page.
func coverageStatusText(s string) string {
	return map[string]string{
		touming.DiscoveryOK:        "正常",
		touming.DiscoveryMoved:     "栏目已迁移",
		touming.DiscoveryEmpty:     "栏目无报告",
		touming.DiscoveryNoColumn:  "未找到年报栏目",
		touming.DiscoveryJSShell:   "需 JavaScript",
		touming.DiscoveryChallenge: "防火墙拦截",
		touming.DiscoveryDead:      "无法访问",
		"unchecked":                "尚未抓取",
		"none":                     "无来源",
	}[s]
}
