package charts

import (
	"context"
	"fmt"
	"net/http"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/tabular"
)

// Every CSV and JSON the pages send goes through internal/tabular, the
// formatter `touming sql` prints with, so that a NULL, a number, a date or
// a list reads the same in a download, on a page and in the terminal. CSV
// is for Excel: a UTF-8 BOM, and text that Excel would run as a formula
// made plain.

// streamer runs trusted SQL (built by the pages, never typed by a user)
// and sends its rows as they come: warehouse.DB and serve's handle.
type streamer interface {
	Stream(ctx context.Context, q string, sink touming.RowSink) error
}

// downloadHeaders start a download named file of format f.
func downloadHeaders(w http.ResponseWriter, file string, f tabular.Format) {
	ct := "text/csv; charset=utf-8"
	if f == tabular.JSON {
		ct = "application/json; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	if w.Header().Get("Content-Disposition") == "" { // a caller may have named it in UTF-8 (compare_csv.go)
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	}
}

// writeTable sends t as a download named file. cols gives the columns'
// DuckDB types when known (nil: none), which prints a DATE as a date.
func writeTable(w http.ResponseWriter, file string, f tabular.Format, t *touming.Table, cols []touming.Column) {
	downloadHeaders(w, file, f)
	tw := tabular.New(w, f, tabular.Options{Excel: f == tabular.CSV})
	if cols == nil {
		cols = make([]touming.Column, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = touming.Column{Name: c}
		}
	}
	tw.Columns(cols)
	for _, r := range t.Rows {
		vals := make([]any, len(r))
		for i, v := range r {
			vals[i] = plainValue(v)
		}
		tw.Row(vals)
	}
	tw.Close()
}

// plainValue unwraps the *float64 of page tables (nil stays NULL).
func plainValue(v any) any {
	if p, ok := v.(*float64); ok {
		if p == nil {
			return nil
		}
		return *p
	}
	return v
}

// writeCSV sends t as CSV for Excel.
func writeCSV(w http.ResponseWriter, file string, t *touming.Table) {
	writeTable(w, file, tabular.CSV, t, nil)
}

// writeJSON sends t as JSON: {"columns": […], "rows": [{…}], "truncated": …}.
func writeJSON(w http.ResponseWriter, file string, t *touming.Table) {
	writeTable(w, file, tabular.JSON, t, nil)
}

// streamAll sends every row of the trusted query q as a download, as the
// database reads them: nothing caps the rows or bytes (the full download
// of a table is the table). Without a streaming DB it reads all rows
// first.
func (s *Server) streamAll(w http.ResponseWriter, r *http.Request, q, file string, f tabular.Format, cols []touming.Column) {
	st, ok := s.cfg.DB.(streamer)
	if !ok {
		t, err := s.cfg.DB.Query(r.Context(), 0, q)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, userErr("读取数据时出错。", err))
			return
		}
		writeTable(w, file, f, t, cols)
		return
	}
	lw := &startWriter{w: w, start: func() { downloadHeaders(w, file, f) }}
	tw := tabular.New(lw, f, tabular.Options{Excel: f == tabular.CSV})
	err := st.Stream(r.Context(), q, tw)
	if err != nil && !lw.started {
		s.fail(w, http.StatusInternalServerError, userErr("读取数据时出错。", err))
		return
	}
	tw.Close()
	if err != nil {
		// Too late for an error status: the download ends short, and the
		// missing closing bracket (JSON) or row count shows it.
		return
	}
}

// startWriter calls start before the first byte, so that a query that
// fails at once still gets an error page.
type startWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (s *startWriter) Write(p []byte) (int, error) {
	if !s.started {
		s.started = true
		s.start()
	}
	return s.w.Write(p)
}

// Flush passes a flush on, so that a long download streams through gzip.
func (s *startWriter) Flush() {
	if f, ok := s.w.(http.Flusher); ok {
		f.Flush()
	}
}

// columnsOf are rel's columns with their types, for the formatter.
func columnsOf(rel relationInfo) []touming.Column {
	out := make([]touming.Column, len(rel.Columns))
	for i, c := range rel.Columns {
		out[i] = touming.Column{Name: c.Name, Type: c.Type}
	}
	return out
}
