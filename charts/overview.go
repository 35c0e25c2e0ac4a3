package charts

import (
	"context"
	"html/template"
	"net/http"
	"sort"
	"strconv"

	"github.com/touming/touming"
)

// overviewPage is the data of the overview template.
type overviewPage struct {
	Counts     rowMap
	Sources    []rowMap
	SourcesCSV string
	Years      panel
	Coverage   panel
	// CoverageRows are Coverage's rows as HTML (coverageRowsHTML).
	CoverageRows template.HTML
	Empty        bool
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	p, err := s.overviewData(ctx, csvLink("/", r.URL.Query()))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		s.sendPanelCSV(w, name, p.Years, p.Coverage, panel{Name: "sources", Data: p.sourcesTable()})
		return
	}
	s.render(w, http.StatusOK, "overview", "概览", p)
}

func (s *Server) overviewData(ctx context.Context, link func(string) string) (*overviewPage, error) {
	tables, err := s.overviewTables(ctx)
	if err != nil {
		return nil, err
	}
	counts, sources, years, cov := tables[0], tables[1], tables[2], tables[3]
	p := &overviewPage{Counts: rowMap{}, Sources: rowMaps(sources)}
	if c := rowMaps(counts); len(c) > 0 {
		p.Counts = c[0]
	}
	p.Empty = p.Counts.Int("reports") == 0
	p.Years = chartPanel(yearsChart(years), "每年报告数（最新版本），按所用表格模板分列。", link)
	p.SourcesCSV = link("sources")
	p.Coverage = panel{Name: "coverage", Title: "覆盖情况：各地区有哪些年份的报告", Data: coverageTable(cov), CSV: link("coverage")}
	p.CoverageRows = coverageRowsHTML(p.Coverage.Data)
	return p, nil
}

// sourcesTable is the sources list as a table, for its CSV download.
func (p *overviewPage) sourcesTable() *touming.Table {
	cols := []string{"id", "name", "region_code", "documents", "reports", "failed_documents", "last_fetched"}
	t := &touming.Table{Columns: cols}
	for _, m := range p.Sources {
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = m[c]
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// yearsChart is the stacked bar of reports per year and template.
func yearsChart(t *touming.Table) chartSpec {
	spec := chartSpec{ID: "reports_per_year", Kind: "stack", Title: "每年报告数", Axis: "年度", Unit: "份"}
	s21 := series{Name: "2021版模板"}
	s19 := series{Name: "2019版模板"}
	for _, m := range rowMaps(t) {
		spec.Categories = append(spec.Categories, m.Str("year"))
		s21.Values = append(s21.Values, m.Num("template_2021"))
		s19.Values = append(s19.Values, m.Num("template_2019"))
	}
	spec.Series = []series{s21, s19}
	return spec
}

// coverageTable pivots (region, year, reports) rows into one row per
// region and one column per year, holding the number of reports (null
// where a year is missing, so that gaps show).
func coverageTable(t *touming.Table) *touming.Table {
	type key struct{ code, name string }
	years := map[int]bool{}
	cells := map[key]map[int]any{}
	var order []key
	for _, m := range rowMaps(t) {
		k := key{m.Str("region_code"), m.Str("region")}
		if cells[k] == nil {
			cells[k] = map[int]any{}
			order = append(order, k)
		}
		y := m.Int("year")
		years[y] = true
		cells[k][y] = m["reports"]
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	out := &touming.Table{Columns: []string{"区划代码", "地区"}}
	for _, y := range ys {
		out.Columns = append(out.Columns, strconv.Itoa(y))
	}
	for _, k := range order {
		row := []any{k.code, k.name}
		for _, y := range ys {
			row = append(row, cells[k][y])
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// sendPanelCSV writes the named panel's data as CSV, or a 404 naming the
// panels there are.
func (s *Server) sendPanelCSV(w http.ResponseWriter, name string, panels ...panel) {
	var names []string
	for _, p := range panels {
		if p.Name == name && p.Data != nil {
			writeCSV(w, name+".csv", p.Data)
			return
		}
		names = append(names, p.Name)
	}
	http.Error(w, "no chart or table named "+strconv.Quote(name)+" on this page; there are: "+joinQuoted(names), http.StatusNotFound)
}

func joinQuoted(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += strconv.Quote(n)
	}
	return out
}
