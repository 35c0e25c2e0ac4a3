package charts

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/touming/touming"
)

// kindLabels name the kinds of body (warehouse agencies.kind) in Chinese.
var kindLabels = map[string]string{
	"province_government": "省级人民政府", "city_government": "市级人民政府", "county_government": "县级人民政府",
	"government_office": "政府办公室", "department": "部门", "township": "乡镇", "street": "街道",
	"zone": "开发区/管委会", "other": "其他（未能识别）",
}

// kindLabel names a kind, with the department type for a department.
func kindLabel(kind, deptType string) string {
	if kind == "department" && deptType != "" {
		return "部门：" + deptType
	}
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}

// bodyRow is one body of a county and its reports by year.
type bodyRow struct {
	ID    int64
	Name  string
	Kind  string
	Cells []yearCell
}

// yearCell is one body's year: its chosen report and its copies, or none.
type yearCell struct {
	Year     int
	ReportID int64
	Failed   int
	Copies   []int64
}

// countyPage is the data of the county template.
type countyPage struct {
	Code, Name, Parent, ParentName, Level string
	Years                                 []int
	Bodies                                []bodyRow
	Trends                                []panel
	Compare                               string // the compare page of the city or province above
	CompareSelf                           string // the compare page of this city or province
}

func (s *Server) countyPage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, err := strconv.Atoi(code); err != nil || len(code) != 6 {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("region code %q: want 6 digits such as 410721", code))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	p, err := s.countyData(ctx, code, csvLink("/county/"+code, r.URL.Query()))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "county-"+code+"-"+name+".csv"))
		s.sendPanelCSV(w, name, append(p.Trends, panel{Name: "bodies", Data: p.bodiesTable()})...)
		return
	}
	s.render(w, http.StatusOK, "county", p.Name, p)
}

func (s *Server) countyData(ctx context.Context, code string, link func(string) string) (*countyPage, error) {
	meta, err := s.query(ctx, "county_meta", code)
	if err != nil {
		return nil, err
	}
	p := &countyPage{Code: code, Name: code}
	if m := rowMaps(meta); len(m) > 0 {
		p.Name, p.Parent, p.ParentName, p.Level = m[0].Str("name"), m[0].Str("parent"), m[0].Str("parent_name"), m[0].Str("level")
		if isRegionCode(p.Parent) {
			p.Compare = "/compare?region=" + p.Parent
		}
		if isRegionCode(code) {
			p.CompareSelf = "/compare?region=" + code
		}
	}
	reports, err := s.query(ctx, "county_reports", code)
	if err != nil {
		return nil, err
	}
	p.Bodies, p.Years = bodyRows(rowMaps(reports))
	values, err := s.bodyValues(ctx, reports)
	if err != nil {
		return nil, err
	}
	p.Trends = bodyTrends(values, link, true)
	return p, nil
}

// bodyRows lays county_reports out as one row per body and a cell per
// year from the first to the last year any body reported.
func bodyRows(rows []rowMap) ([]bodyRow, []int) {
	var out []bodyRow
	index := map[int64]int{}
	byYear := map[int64]map[int]*yearCell{}
	lo, hi := 0, 0
	for _, m := range rows {
		id, y := int64(m.Int("agency_id")), m.Int("year")
		if _, ok := index[id]; !ok {
			index[id] = len(out)
			out = append(out, bodyRow{ID: id, Name: m.Str("agency"), Kind: kindLabel(m.Str("kind"), m.Str("dept_type"))})
			byYear[id] = map[int]*yearCell{}
		}
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
		c := byYear[id][y]
		if c == nil {
			c = &yearCell{Year: y}
			byYear[id][y] = c
		}
		if m["latest"] == true {
			c.ReportID, c.Failed = int64(m.Int("report_id")), m.Int("failed")
		} else {
			c.Copies = append(c.Copies, int64(m.Int("report_id")))
		}
	}
	var years []int
	for y := lo; y <= hi && lo > 0; y++ {
		years = append(years, y)
	}
	for i := range out {
		for _, y := range years {
			c := yearCell{Year: y}
			if have := byYear[out[i].ID][y]; have != nil {
				c = *have
			}
			out[i].Cells = append(out[i].Cells, c)
		}
	}
	return out, years
}

// bodiesTable is the county's grid for its CSV: one row per body and year.
func (p *countyPage) bodiesTable() *touming.Table {
	t := &touming.Table{Columns: []string{"区划代码", "地区", "机关ID", "机关", "类别", "年度", "报告ID", "勾稽关系不成立项数", "其他副本"}}
	for _, b := range p.Bodies {
		for _, c := range b.Cells {
			var failed any
			if c.ReportID != 0 {
				failed = int64(c.Failed)
			}
			t.Rows = append(t.Rows, []any{p.Code, p.Name, b.ID, b.Name, b.Kind, int64(c.Year), idOrNil(c.ReportID), failed, joinIDs(c.Copies)})
		}
	}
	return t
}

// bodyTrends are line charts of the main figures over the years, a line
// per body (and, with total set, the whole county's sum first).
func bodyTrends(values *touming.Table, link func(string) string, total bool) []panel {
	d := pivotCompare(&touming.Table{}, values, false)
	years := map[int]bool{}
	for _, c := range d.Counties {
		for y := range c.Years {
			years[y] = true
		}
	}
	for y := range years {
		d.Years = append(d.Years, y)
	}
	sort.Ints(d.Years)
	var sum *compareData
	if total && len(d.Counties) > 1 {
		sum = &compareData{Years: d.Years, Sum: true, Counties: []*county{{Code: "all", Name: "全部机关合计", Years: map[int]*countyYear{}}}}
		for _, c := range d.Counties {
			for y, cy := range c.Years {
				into := sum.Counties[0].Years[y]
				if into == nil {
					into = &countyYear{Values: map[string]*float64{}}
					sum.Counties[0].Years[y] = into
				}
				into.addReport(cy.ReportID, 0, true)
				for k, v := range cy.Values {
					into.addValue(k, v, true)
				}
			}
		}
	}
	yearNames := make([]string, len(d.Years))
	for i, y := range d.Years {
		yearNames[i] = strconv.Itoa(y)
	}
	line := func(id, title, unit string, f func(*countyYear) *float64) panel {
		ss := d.trend(f)
		if sum != nil && unit != "%" {
			ss = append(sum.trend(f), ss...)
		}
		spec := chartSpec{ID: id, Kind: "line", Title: title, Axis: "年度", Unit: unit, Categories: yearNames, Series: ss}
		return chartPanel(spec, "", link)
	}
	return []panel{
		line("trend_applications", "趋势：本年新收申请数", "件", keyFunc("apply.new_received.total")),
		line("trend_disclosure_rate", "趋势：公开率", "%", rateFunc(disclosureRate)),
		line("trend_review", "趋势：行政复议案件数", "件", keyFunc("review.total")),
		line("trend_licensing", "趋势：行政许可决定数", "件", keyFunc("active.licensing.decisions")),
	}
}
