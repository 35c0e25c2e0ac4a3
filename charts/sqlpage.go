package charts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/tabular"
)

// htmlRows caps the rows the SQL page shows; downloads get up to
// Config.SQLMaxRows.
const htmlRows = 1000

// maxQueryBytes bounds a request's body: a form carries SQL at most.
const maxQueryBytes = 1 << 20

// sqlPage streams the result of ?q= as CSV or JSON (format=csv|json): the
// SQL page's downloads (sqlview.go shows results).
func (s *Server) sqlPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("read form: %w", err))
		return
	}
	q := strings.TrimSpace(r.Form.Get("q"))
	format := r.Form.Get("format")
	switch {
	case q == "":
		http.Error(w, "parameter q: the SQL to run is missing", http.StatusBadRequest)
	case format == "csv" || format == "json":
		s.download(w, r.Context(), q, tabular.Format(format))
	default:
		http.Error(w, fmt.Sprintf("parameter format=%q: this handler sends csv or json", format), http.StatusBadRequest)
	}
}

// download streams the result as CSV (for Excel: BOM, formulas
// neutralised) or JSON, within the row and byte limits. Nothing is sent
// before the first output, so that a refused or failed query gets an
// error status; the result is cut, with a note in it, at a limit.
func (s *Server) download(w http.ResponseWriter, ctx context.Context, q string, f tabular.Format) {
	lw := &lazyWriter{w: w, file: "query." + string(f), format: f}
	tw := tabular.New(lw, f, tabular.Options{
		MaxRows: s.cfg.SQLMaxRows, MaxBytes: s.cfg.SQLMaxBytes, Excel: f == tabular.CSV,
		RowsLimit: "serve --sql-max-rows", BytesLimit: "serve --sql-max-bytes",
	})
	status, err := s.runUserSQL(ctx, q, tw)
	if err != nil && !lw.started {
		downloadError(w, f, status, err)
		return
	}
	if err != nil {
		tw.Stop("stopped by an error: " + err.Error())
	}
	tw.Close()
}

// downloadError answers a failed download: JSON clients get a JSON object.
func downloadError(w http.ResponseWriter, f tabular.Format, status int, err error) {
	if f != tabular.JSON {
		http.Error(w, err.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

// lazyWriter sets the download's headers at its first write.
type lazyWriter struct {
	w       http.ResponseWriter
	file    string
	format  tabular.Format
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		ct := "text/csv; charset=utf-8"
		if l.format == tabular.JSON {
			ct = "application/json; charset=utf-8"
		}
		l.w.Header().Set("Content-Type", ct)
		l.w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", l.file))
		l.w.WriteHeader(http.StatusOK)
	}
	return l.w.Write(p)
}

// runUserSQL runs q in the sandbox under the time limit and the limit on
// queries at once; on error it returns the status to answer with.
func (s *Server) runUserSQL(ctx context.Context, q string, sink touming.RowSink) (int, error) {
	if s.cfg.SQL == nil {
		return http.StatusServiceUnavailable, errors.New("the SQL page is off: this server has no sandbox for user SQL")
	}
	if err := friendlyCheck(q); err != nil {
		return http.StatusBadRequest, err
	}
	select {
	case s.running <- struct{}{}:
		defer func() { <-s.running }()
	default:
		return http.StatusServiceUnavailable, fmt.Errorf("%d queries are running already (the limit, serve --sql-max-running): try again in a moment", cap(s.running))
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SQLTimeout)
	defer cancel()
	if err := s.cfg.SQL.RunUser(ctx, q, sink); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return http.StatusServiceUnavailable, fmt.Errorf("the query ran past the time limit of %s (serve --sql-timeout) and was stopped", s.cfg.SQLTimeout)
		}
		return http.StatusBadRequest, err
	}
	return http.StatusOK, nil
}

// tableSink keeps a result for the SQL page's paging, sorting and chart:
// up to maxRows rows within maxBytes (counted as the cells' text).
type tableSink struct {
	maxRows  int
	maxBytes int64
	bytes    int64
	types    []string
	t        touming.Table
}

func (p *tableSink) Columns(cols []touming.Column) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	p.t.Columns = tabular.UniqueNames(names)
	p.types = make([]string, len(cols))
	for i, c := range cols {
		p.types[i] = c.Type
	}
	return nil
}

// RowLimit lets the sandbox stop DuckDB at the limit (touming.RowLimiter).
func (p *tableSink) RowLimit() int { return p.maxRows }

func (p *tableSink) Row(vals []any) error {
	if len(p.t.Rows) == p.maxRows {
		p.t.Truncated = true
		return touming.ErrEnough
	}
	for i, v := range vals {
		text, _ := tabular.Cell(v, p.types[i])
		p.bytes += int64(len(text)) + 8
	}
	if p.maxBytes > 0 && p.bytes > p.maxBytes {
		p.t.Truncated = true
		return touming.ErrEnough
	}
	p.t.Rows = append(p.t.Rows, append([]any(nil), vals...))
	return nil
}

// userTable runs the analyst's query for the page through runUserSQL (the
// friendly check, the limits and the sandbox) and keeps its rows, up to
// Config.SQLMaxRows and Config.SQLMaxBytes, for paging, sorting and the
// chart. On error it gives the status to answer with.
func (s *Server) userTable(ctx context.Context, q string) (*touming.Table, int, error) {
	sink := &tableSink{maxRows: s.cfg.SQLMaxRows, maxBytes: s.cfg.SQLMaxBytes}
	if status, err := s.runUserSQL(ctx, q, sink); err != nil {
		return nil, status, err
	}
	return &sink.t, http.StatusOK, nil
}
