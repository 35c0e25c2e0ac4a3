package charts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/tabular"
)

// browsePage is the data of the browse template: one page of one table or
// view, with its facets and links.
type browsePage struct {
	Rel     relationInfo
	Columns []browseColumn
	Rows    [][]browseCell
	Total   int64
	Counted bool // Total is known; else CountNote says why not
	// CountNote and CountLink: the count left out, and the SQL page
	// that computes it.
	CountNote, CountLink string
	// SortNote and SortLink: the sort left out, and the SQL page that
	// runs it.
	SortNote, SortLink string
	Page               int
	Pages              int64
	Size               int
	From, To           int64
	Prev               string
	Next               string
	Filters            []activeFilter
	Facets             []facetView
	Sizes              []sizeLink
	CSV                string // this page
	JSON               string
	CSVAll             string // every row the filters keep, streamed
	JSONAll            string
	SQL                string // the page's query on the SQL page
}

// browseColumn is a column header: its name, comment, and sort links.
type browseColumn struct {
	Name, Comment, Type string
	Sort, SortDesc      string
	Sorted              string // "asc", "desc" or ""
}

// browseCell is one shown value and where it links.
type browseCell struct {
	Text  string
	Href  string
	Ext   bool   // links off this server (a source URL)
	Title string // a tooltip: the form's label of a field key
	Null  bool
	Num   bool
}

// activeFilter is a filter in force and the link that drops it.
type activeFilter struct {
	Label, Remove string
}

// facetView is one facet: the counts of a column's values under the
// page's filters, each linking to the filter on that value.
type facetView struct {
	Column, Comment string
	Values          []facetValue
	More            bool
	Remove          string // drops the facet when it was asked for
	// Stopped says the facet did not finish within Config.CountBudget; Link
	// runs it on the SQL page.
	Stopped, Link string
}

type facetValue struct {
	Text   string
	Count  int64
	Href   string
	Active bool
	Null   bool
}

type sizeLink struct {
	Size int
	Href string
	On   bool
}

// catalogPage is a handler that renders page with the catalog, through
// data (nil: the catalog itself): /data, /schema and /download.
func (s *Server) catalogPage(page, title string, data func([]relationInfo) any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
		defer cancel()
		rels, err := s.catalog(ctx)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, err)
			return
		}
		var d any = rels
		if data != nil {
			d = data(rels)
		}
		s.render(w, http.StatusOK, page, title, d)
	}
}

// browse serves /data/{name}, /data/{name}.csv and /data/{name}.json.
func (s *Server) browse(w http.ResponseWriter, r *http.Request) {
	name, format := splitFormat(r.PathValue("name"))
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	rel, ok, err := s.relation(ctx, name)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if !ok {
		s.fail(w, http.StatusNotFound, userErrf(fmt.Sprintf("数据库中没有名为 %q 的表或视图。", name), "no table or view %q", name))
		return
	}
	b, err := parseBrowse(rel, r.URL.Query())
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	if format != "" && r.URL.Query().Get("_all") != "" {
		s.browseAll(w, r, b, format)
		return
	}
	t, sortNote, err := s.pageRows(ctx, b)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, userErr("读取 "+rel.Name+" 时出错。", err))
		return
	}
	more := len(t.Rows) > b.size
	if more {
		t.Rows = t.Rows[:b.size]
	}
	if format != "" {
		writeTable(w, fmt.Sprintf("%s-page%d.%s", rel.Name, b.page, format), tabular.Format(format), t, columnsOf(rel))
		return
	}
	p, err := s.browseData(ctx, b, t, more)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if sortNote != "" {
		p.SortNote, p.SortLink = sortNote, "/sql?sql="+url.QueryEscape(b.pageSQL())
	}
	s.render(w, http.StatusOK, "browse", rel.Name, p)
}

// browseAll streams every row the filters keep, uncapped.
func (s *Server) browseAll(w http.ResponseWriter, r *http.Request, b browseQuery, format string) {
	s.streamAll(w, r, b.allSQL(), b.rel.Name+"."+format, tabular.Format(format), columnsOf(b.rel))
}

// splitFormat splits "name.csv" into the name and "csv".
func splitFormat(p string) (name, format string) {
	for _, f := range []string{"csv", "json"} {
		if n, ok := strings.CutSuffix(p, "."+f); ok {
			return n, f
		}
	}
	return p, ""
}

// browseData builds the page: headers, cells, counts, facets and links.
func (s *Server) browseData(ctx context.Context, b browseQuery, t *touming.Table, more bool) (*browsePage, error) {
	p := &browsePage{Rel: b.rel, Page: b.page, Size: b.size}
	if err := s.pageCounts(ctx, b, p); err != nil {
		return nil, err
	}
	if p.Counted {
		p.Pages = max(1, (p.Total+int64(b.size)-1)/int64(b.size))
	}
	p.From = int64((b.page-1)*b.size) + 1
	p.To = p.From + int64(len(t.Rows)) - 1
	if b.page > 1 {
		p.Prev = b.link("", map[string][]string{"_page": {strconv.Itoa(b.page - 1)}}, true)
	}
	if more {
		p.Next = b.link("", map[string][]string{"_page": {strconv.Itoa(b.page + 1)}}, true)
	}
	p.Columns = b.headers()
	for _, row := range t.Rows {
		cells := make([]browseCell, len(row))
		for i, v := range row {
			cells[i] = s.browseCell(b.rel.Name, t.Columns[i], v)
		}
		p.Rows = append(p.Rows, cells)
	}
	p.Filters = b.activeFilters()
	for _, n := range []int{20, 50, 100, 500, 1000} {
		p.Sizes = append(p.Sizes, sizeLink{Size: n, Href: b.link("", map[string][]string{"_size": {strconv.Itoa(n)}}, false), On: n == b.size})
	}
	p.CSV, p.JSON = b.link(".csv", nil, true), b.link(".json", nil, true)
	p.CSVAll = b.link(".csv", map[string][]string{"_all": {"1"}, "_page": nil, "_size": nil}, false)
	p.JSONAll = b.link(".json", map[string][]string{"_all": {"1"}, "_page": nil, "_size": nil}, false)
	p.SQL = "/sql?sql=" + url.QueryEscape(b.pageSQL())
	return p, nil
}

// headers are the column headers with their sort links: a click sorts
// ascending, a second click descending.
func (b browseQuery) headers() []browseColumn {
	out := make([]browseColumn, len(b.rel.Columns))
	for i, c := range b.rel.Columns {
		h := browseColumn{Name: c.Name, Comment: c.Comment, Type: c.Type}
		h.Sort = b.link("", map[string][]string{"_sort": {c.Name}, "_sort_desc": nil}, false)
		h.SortDesc = b.link("", map[string][]string{"_sort_desc": {c.Name}, "_sort": nil}, false)
		if b.sort == c.Name {
			h.Sorted = map[bool]string{false: "asc", true: "desc"}[b.desc]
		}
		out[i] = h
	}
	return out
}

// activeFilters describe the filters in force, each with the link that
// drops it.
func (b browseQuery) activeFilters() []activeFilter {
	var out []activeFilter
	for _, f := range b.filters {
		if f.Null {
			left := removeValue(b.params["_null"], f.Column)
			out = append(out, activeFilter{Label: f.Column + " 为空", Remove: b.link("", map[string][]string{"_null": left}, false)})
			continue
		}
		out = append(out, activeFilter{Label: f.Column + " = " + strings.Join(f.Values, " 或 "), Remove: b.link("", map[string][]string{f.Column: nil}, false)})
	}
	return out
}

func removeValue(list []string, v string) []string {
	var out []string
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	if out == nil {
		return []string{""}
	}
	return out
}

// facets counts the values of each facet column under the filters, all
// at once, each within Config.CountBudget.
func (s *Server) facets(ctx context.Context, b browseQuery) ([]facetView, error) {
	out := make([]facetView, len(b.facets))
	errs := make([]error, len(b.facets))
	var wg sync.WaitGroup
	for i, c := range b.facets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = s.facet(ctx, b, c)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// facet counts one column's values, or says it stopped.
func (s *Server) facet(ctx context.Context, b browseQuery, c string) (facetView, error) {
	col, _ := b.rel.column(c)
	fv := facetView{Column: c, Comment: col.Comment}
	if c == agencyKind && col.Name == "" {
		fv.Comment = agencyKindNote
	}
	if askedFacet(b.params["_facet"], c) {
		fv.Remove = b.link("", map[string][]string{"_facet": removeValue(b.params["_facet"], c)}, true)
	}
	t, ok, err := s.budgeted(ctx, s.cfg.CountBudget, facetValues+1, b.facetSQL(c))
	if err != nil {
		return fv, fmt.Errorf("facet %s: %w", c, err)
	}
	if !ok {
		fv.Stopped = fmt.Sprintf("在 %s 内没有算完", s.cfg.CountBudget)
		fv.Link = "/sql?sql=" + url.QueryEscape(b.facetSQL(c))
		return fv, nil
	}
	rows := rowMaps(t)
	if len(rows) > facetValues {
		fv.More, rows = true, rows[:facetValues]
	}
	for _, m := range rows {
		v := facetValue{Text: m.Str("value"), Count: int64(m.Int("n")), Null: m["is_null"] == true}
		if v.Null {
			v.Text = "（空）"
			v.Href = b.link("", map[string][]string{"_null": append(append([]string(nil), b.params["_null"]...), c)}, false)
			v.Active = contains(b.params["_null"], c)
		} else {
			v.Href = b.link("", map[string][]string{c: {v.Text}}, false)
			v.Active = contains(b.params[c], v.Text)
		}
		fv.Values = append(fv.Values, v)
	}
	return fv, nil
}

func askedFacet(asked []string, c string) bool { return contains(asked, c) }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// browseRoutes adds the browse pages to the server's mux.
func (s *Server) browseRoutes() {
	s.mux.HandleFunc("GET /data", s.catalogPage("data", "浏览数据", nil))
	s.mux.HandleFunc("GET /schema", s.catalogPage("schema", "表结构", nil))
	s.mux.HandleFunc("GET /data/{name}", s.browse)
	s.mux.HandleFunc("GET /document/{id}", s.document)
	s.mux.HandleFunc("GET /agency/{name}", s.agencyByIDOrName)
	s.mux.HandleFunc("GET /download", s.catalogPage("download", "下载数据", s.downloadData))
	s.mux.HandleFunc("GET /download/{file}", s.downloadZip)
}
