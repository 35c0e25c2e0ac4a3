package charts

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/touming/touming"
)

// sendCompareCSV sends the numbers behind one chart or table of the
// compare page. Every row carries its context (region code, unit, year,
// agency ids, report id) so that a row pasted elsewhere still says what it
// is, and the file is named after the region, unit and years.
func (s *Server) sendCompareCSV(w http.ResponseWriter, page *comparePage, name string) {
	t, names := compareTable(page, name)
	if t == nil {
		http.Error(w, "no chart or table named "+fmt.Sprintf("%q", name)+" on this page; there are: "+joinQuoted(names), http.StatusNotFound)
		return
	}
	file := page.Params.fileBase() + "-" + name + ".csv"
	ascii := strings.Map(func(r rune) rune {
		if r > 127 {
			return -1
		}
		return r
	}, file)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", ascii, url.PathEscape(file)))
	writeCSV(w, file, t)
}

// compareTable finds the named table, or lists the names there are.
func compareTable(page *comparePage, name string) (*touming.Table, []string) {
	var names []string
	if page.data == nil {
		return nil, names
	}
	for _, c := range append(page.Charts, page.YoYChart) {
		if c.Name == name && c.spec.ID != "" {
			return c.spec.table(page.Params), nil
		}
		names = append(names, c.Name)
	}
	for _, r := range page.Ranks {
		if r.ID == name {
			return r.table(page.Params), nil
		}
		names = append(names, r.ID)
	}
	for _, p := range append(page.Trends, page.YoY, page.Bodies) {
		if p.Name == name && p.Data != nil {
			if tr := trendTable(page, name); tr != nil {
				return tr, nil
			}
			return p.Data, nil
		}
		names = append(names, p.Name)
	}
	return nil, names
}

// table is a grouped chart's data in long form: one row per region and
// series.
func (g groupChart) table(p compareParams) *touming.Table {
	value := g.Title
	if g.Unit != "" {
		value += "（" + g.Unit + "）"
	}
	t := &touming.Table{Columns: []string{"区划代码", "地区", "对比单位", "年度", "分项", "机关ID", "机关", "报告ID", value, "n", "机关数", "说明"}}
	for _, s := range g.Series {
		for i, pt := range s.Pts {
			c := g.Cats[i]
			var year, bodies any
			if s.Year != 0 {
				year = int64(s.Year)
			} else {
				year = s.Name
			}
			if pt.B > 0 {
				bodies = int64(pt.B)
			}
			note := pt.missing
			if pt.Low {
				note = fmt.Sprintf("n 小于 %d，不参与排名", g.Threshold)
			}
			t.Rows = append(t.Rows, []any{c.Code, c.Name, p.unitLabel(), year, s.Part, joinIDs(pt.agencies), pt.A, idOrNil(pt.R),
				ptrValue(pt.V), ptrValue(pt.N), bodies, note})
		}
	}
	return t
}

// trendTable is a trend line's data in long form; nil for another name.
func trendTable(page *comparePage, name string) *touming.Table {
	f, ok := map[string]func(*countyYear) *float64{
		"trend_applications":    keyFunc("apply.new_received.total"),
		"trend_disclosure_rate": rateFunc(disclosureRate),
		"trend_review":          keyFunc("review.total"),
		"trend_correction_rate": rateFunc(reviewCorrectionRate),
	}[name]
	if !ok {
		return nil
	}
	t := &touming.Table{Columns: []string{"区划代码", "地区", "对比单位", "年度", "机关ID", "报告ID", "值"}}
	for _, c := range page.data.Counties {
		for _, y := range page.data.Years {
			row := []any{c.Code, c.Name, page.Params.unitLabel(), int64(y), "", nil, nil}
			if cy := c.Years[y]; cy != nil {
				row[4], row[5], row[6] = joinIDs(cy.Agencies), idOrNil(cy.ReportID), ptrValue(round2(f(cy)))
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
