package charts

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The SQL page: /sql?sql=… is a permalink (the query runs when the URL is
// opened, so a query is a URL to share), /sql/q/<name> runs a canned query
// with its parameters, /sql/saved/<name> a saved one. A result is shown a
// page at a time, sortable, with ids linked and a note in the table when
// it was cut, and can be drawn as a chart. format=csv|json downloads it.

// sqlView is the data of the sql template.
type sqlView struct {
	Query     string
	Error     string
	Result    *resultView
	Chart     *resultChart
	MaxRows   int
	Elapsed   string
	CSV, JSON string
	Permalink string
	Canned    *cannedQuery
	AllCanned []cannedQuery
	Saved     []savedQuery
	CanSave   bool
	SaveName  string
	Notice    string
}

// sqlText is the query of a request: ?sql= (the permalink), or ?q= as
// older links have it.
func sqlText(r *http.Request) string {
	if q := strings.TrimSpace(r.Form.Get("sql")); q != "" {
		return q
	}
	return strings.TrimSpace(r.Form.Get("q"))
}

// sqlView serves /sql.
func (s *Server) sqlView(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, userErr("表单读不出来。", fmt.Errorf("read form: %w", err)))
		return
	}
	s.runSQLView(w, r, sqlText(r), nil, "")
}

// cannedView serves /sql/q/{name}.
func (s *Server) cannedView(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	q, ok, err := findCanned(r.PathValue("name"))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if !ok {
		s.fail(w, http.StatusNotFound, userErrf("没有名为 "+r.PathValue("name")+" 的预设查询。", "no canned query %q", r.PathValue("name")))
		return
	}
	text, err := q.bind(r.Form)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	s.runSQLView(w, r, text, &q, "")
}

// savedView serves /sql/saved/{name}.
func (s *Server) savedView(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	q, ok, err := s.saved.get(r.PathValue("name"))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if !ok {
		s.fail(w, http.StatusNotFound, userErrf("没有名为 "+r.PathValue("name")+" 的已保存查询。", "no saved query %q", r.PathValue("name")))
		return
	}
	s.runSQLView(w, r, q.SQL, nil, q.Name)
}

// runSQLView runs text and shows it, or sends its download.
func (s *Server) runSQLView(w http.ResponseWriter, r *http.Request, text string, canned *cannedQuery, savedName string) {
	format := r.Form.Get("format")
	switch format {
	case "", "html", "chart.csv":
	case "csv", "json":
		// Downloads are the formatter's, in sqlpage.go.
		r.Form.Set("q", text)
		s.sqlPage(w, r)
		return
	default:
		s.fail(w, http.StatusBadRequest, userErrf("下载格式应为 csv 或 json。", "parameter format=%q: want csv, json or html", format))
		return
	}
	p := &sqlView{Query: text, MaxRows: s.cfg.SQLMaxRows, Canned: canned, CanSave: s.saved != nil && s.saved.path != "", SaveName: savedName}
	p.AllCanned, _ = cannedQueries()
	p.Saved, _ = s.saved.list()
	if r.Form.Get("saved") != "" {
		p.Notice = "已保存：" + r.Form.Get("saved")
	}
	if text == "" {
		s.render(w, http.StatusOK, "sql", "SQL 查询", p)
		return
	}
	params, err := parseResultParams(r.Form)
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	p.Permalink = "/sql?sql=" + url.QueryEscape(text)
	base := url.Values{"sql": {text}}
	p.CSV = "/sql?" + withFormat(base, "csv")
	p.JSON = "/sql?" + withFormat(base, "json")
	chart := chartChoice(r.Form, nil)
	if (format == "" || format == "html") && chart.X == "" && len(chart.Y) == 0 {
		s.pagedSQLView(w, r, text, params, p)
		return
	}
	start := time.Now()
	t, status, err := s.userTable(r.Context(), text)
	p.Elapsed = time.Since(start).Round(time.Millisecond).String()
	if err != nil {
		p.Error = err.Error()
		s.render(w, status, "sql", "SQL 查询", p)
		return
	}
	p.Chart = chartChoice(r.Form, t.Columns)
	if spec := p.Chart.draw(t); spec != nil {
		if r.Form.Get("format") == "chart.csv" {
			writeCSV(w, "chart.csv", spec.table())
			return
		}
		p.Chart.CSV = changeLink("/sql", r.Form)(map[string]string{"format": "chart.csv"})
	}
	p.Result = s.resultView(t, params, s.cfg.SQLMaxRows, changeLink(r.URL.Path, r.Form))
	s.render(w, http.StatusOK, "sql", "SQL 查询", p)
}

// pagedSQLView shows one page of a result that draws no chart: DuckDB
// computes only that page (see sqlpaged.go).
func (s *Server) pagedSQLView(w http.ResponseWriter, r *http.Request, text string, params resultParams, p *sqlView) {
	start := time.Now()
	ps, status, err := s.userPage(r.Context(), text, params)
	if err != nil {
		p.Elapsed = time.Since(start).Round(time.Millisecond).String()
		p.Error = err.Error()
		s.render(w, status, "sql", "SQL 查询", p)
		return
	}
	link := changeLink(r.URL.Path, r.Form)
	if ps.applied {
		p.Result = s.pagedView(r.Context(), text, ps, link)
	} else {
		p.Result = s.resultView(&ps.t, params, s.cfg.SQLMaxRows, link)
	}
	p.Elapsed = time.Since(start).Round(time.Millisecond).String()
	p.Chart = chartChoice(r.Form, ps.t.Columns)
	s.render(w, http.StatusOK, "sql", "SQL 查询", p)
}

// withFormat encodes q with format set.
func withFormat(q url.Values, format string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Set("format", format)
	return c.Encode()
}

// saveQuery stores a query under a name (POST /sql/save) and goes to its
// permalink.
func (s *Server) saveQuery(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, userErr("表单读不出来。", err))
		return
	}
	name := strings.TrimSpace(r.Form.Get("name"))
	if err := s.saved.save(name, sqlText(r)); err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	http.Redirect(w, r, "/sql/saved/"+url.PathEscape(name)+"?saved="+url.QueryEscape(name), http.StatusSeeOther)
}

// deleteQuery removes a saved query (POST /sql/delete).
func (s *Server) deleteQuery(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, userErr("表单读不出来。", err))
		return
	}
	if err := s.saved.remove(r.Form.Get("name")); err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	http.Redirect(w, r, "/sql", http.StatusSeeOther)
}

// sqlRoutes adds the SQL page's routes.
func (s *Server) sqlRoutes() {
	s.mux.HandleFunc("GET /sql", s.sqlView)
	s.mux.HandleFunc("POST /sql", s.sqlView)
	s.mux.HandleFunc("GET /sql/q/{name}", s.cannedView)
	s.mux.HandleFunc("GET /sql/saved/{name}", s.savedView)
	s.mux.HandleFunc("POST /sql/save", s.saveQuery)
	s.mux.HandleFunc("POST /sql/delete", s.deleteQuery)
}
