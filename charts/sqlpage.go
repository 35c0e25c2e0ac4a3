package charts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/touming/touming"
)

// htmlRows caps the rows the SQL page shows; downloads get up to
// Config.SQLMaxRows.
const htmlRows = 1000

// sqlPageData is the data of the sql template.
type sqlPageData struct {
	Query     string
	Result    *touming.Table
	Shown     [][]any
	Error     string
	Truncated bool
	MaxRows   int
	Elapsed   string
	CSV, JSON string
	Examples  []string
}

// sqlExamples are starter queries shown under the text box.
var sqlExamples = []string{
	"SELECT agency, year, value AS applications FROM report_values WHERE key = 'apply.new_received.total' ORDER BY value DESC NULLS LAST LIMIT 20",
	"SELECT year, avg(disclosure_rate) AS 公开率 FROM report_metrics GROUP BY year ORDER BY year",
	"SELECT agency, year, rule, expected, actual FROM report_checks WHERE NOT ok ORDER BY year DESC",
	"DESCRIBE report_values",
}

// sqlPage runs one read-only query from ?q= (or a POSTed form) and shows
// it, or sends it as CSV or JSON with format=csv|json.
func (s *Server) sqlPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("read form: %w", err))
		return
	}
	q := strings.TrimSpace(r.Form.Get("q"))
	format := r.Form.Get("format")
	p := &sqlPageData{Query: q, MaxRows: s.cfg.SQLMaxRows, Examples: sqlExamples}
	if q == "" {
		if format != "" {
			http.Error(w, "parameter q: the SQL to run is missing", http.StatusBadRequest)
			return
		}
		s.render(w, http.StatusOK, "sql", "SQL 查询", p)
		return
	}
	start := time.Now()
	t, err := s.runUserSQL(r.Context(), q)
	p.Elapsed = time.Since(start).Round(time.Millisecond).String()
	status := http.StatusOK
	if err != nil {
		status = http.StatusBadRequest
		if format == "csv" || format == "json" {
			http.Error(w, err.Error(), status)
			return
		}
		p.Error = err.Error()
		s.render(w, status, "sql", "SQL 查询", p)
		return
	}
	switch format {
	case "csv":
		writeCSV(w, "query.csv", t)
	case "json":
		writeJSON(w, "query.json", t)
	case "", "html":
		p.fill(t)
		s.render(w, status, "sql", "SQL 查询", p)
	default:
		http.Error(w, fmt.Sprintf("parameter format=%q: want csv, json or html", format), http.StatusBadRequest)
	}
}

// fill sets the result and the download links.
func (p *sqlPageData) fill(t *touming.Table) {
	p.Result, p.Shown, p.Truncated = t, t.Rows, t.Truncated
	if len(p.Shown) > htmlRows {
		p.Shown = p.Shown[:htmlRows]
	}
	p.CSV = "/sql?format=csv&q=" + url.QueryEscape(p.Query)
	p.JSON = "/sql?format=json&q=" + url.QueryEscape(p.Query)
}

// runUserSQL checks q and runs it under the time and row limits.
func (s *Server) runUserSQL(ctx context.Context, q string) (*touming.Table, error) {
	if err := checkReadOnly(q); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SQLTimeout)
	defer cancel()
	t, err := s.cfg.DB.Query(ctx, s.cfg.SQLMaxRows, q)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("the query ran past the time limit of %s and was stopped", s.cfg.SQLTimeout)
		}
		return nil, err
	}
	return t, nil
}
