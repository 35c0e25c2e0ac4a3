package charts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/tabular"
)

// The SQL page asks DuckDB for the page it shows (LIMIT/OFFSET, and ORDER
// BY for a sorted column) rather than holding the whole result, up to
// Config.SQLMaxRows, in memory: at national scale one result can be
// hundreds of millions of rows. A statement the sandbox cannot wrap
// (DESCRIBE, SHOW, SUMMARIZE, ...) still comes whole and is paged here.
// The total is counted within Config.CountBudget; a count that does not finish
// in time is left out with a note and a link that computes it.

// DefaultCountBudget is how long a page waits for a count or a facet
// before it leaves it out: the page's own rows never wait for them.
const DefaultCountBudget = 400 * time.Millisecond

// pageSink takes one page of the analyst's result (touming.RowPager); if
// the sandbox cannot page the statement, it keeps the whole result as
// tableSink does.
type pageSink struct {
	tableSink
	p       resultParams
	applied bool
}

// RowWindow is the page asked for, the sort column found among the
// statement's columns as the page names them (tabular.UniqueNames).
func (ps *pageSink) RowWindow(cols []string) touming.RowWindow {
	w := touming.RowWindow{Offset: (ps.p.page - 1) * ps.p.size, Limit: ps.p.size, Desc: ps.p.desc}
	for i, n := range tabular.UniqueNames(cols) {
		if ps.p.sort != "" && n == ps.p.sort {
			w.Sort = i + 1
		}
	}
	return w
}

// WindowApplied notes that DuckDB computes only the page (and one row).
func (ps *pageSink) WindowApplied() {
	ps.applied = true
	ps.maxRows = ps.p.size + 1
}

// userPage runs the analyst's query for one page of the SQL page.
func (s *Server) userPage(ctx context.Context, q string, p resultParams) (*pageSink, int, error) {
	sink := &pageSink{tableSink: tableSink{maxRows: s.cfg.SQLMaxRows, maxBytes: s.cfg.SQLMaxBytes}, p: p}
	if status, err := s.runUserSQL(ctx, q, sink); err != nil {
		return nil, status, err
	}
	return sink, http.StatusOK, nil
}

// userCountSQL is the statement that counts the rows of the analyst's q
// (kept whole: its ORDER BY may come with a LIMIT).
func userCountSQL(q string) string {
	return "SELECT count(*) AS n FROM (\n" + strings.TrimRight(q, "; \t\r\n") + "\n)"
}

// userCount counts q's rows within Config.CountBudget; ok is false when the count
// did not finish (or failed) in time.
func (s *Server) userCount(ctx context.Context, q string) (n int64, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CountBudget)
	defer cancel()
	sink := &tableSink{maxRows: 1}
	if _, err := s.runUserSQL(ctx, userCountSQL(q), sink); err != nil || len(sink.t.Rows) != 1 {
		return 0, false
	}
	if f := toFloat(sink.t.Rows[0][0]); f != nil {
		return int64(*f), true
	}
	return 0, false
}

// pagedView builds the shown page from a page DuckDB computed: the rows
// from the page's first, one more telling that a next page exists.
func (s *Server) pagedView(ctx context.Context, q string, ps *pageSink, link func(map[string]string) string) *resultView {
	p, t := ps.p, &ps.t
	more := len(t.Rows) > p.size
	if more {
		t.Rows = t.Rows[:p.size]
	}
	offset := (p.page - 1) * p.size
	v := &resultView{Page: p.page, From: offset + 1, To: offset + len(t.Rows)}
	if n, ok := s.pageTotal(ctx, q, offset, len(t.Rows), more); ok {
		v.Total, v.Counted = int(n), true
		v.Pages = max(1, (v.Total+p.size-1)/p.size)
	} else {
		v.CountNote = fmt.Sprintf("行数未知：计数在 %s 内没有算完（结果很大）", s.cfg.CountBudget)
		v.CountLink = "/sql?sql=" + url.QueryEscape(userCountSQL(q))
	}
	if p.page > 1 {
		v.Prev = link(map[string]string{"_page": strconv.Itoa(p.page - 1)})
	}
	if more {
		v.Next = link(map[string]string{"_page": strconv.Itoa(p.page + 1)})
	}
	v.Columns = resultColumns(t.Columns, p, link)
	v.Rows = s.resultRows(t.Columns, t.Rows)
	return v
}

// pageTotal is the number of rows of q, of which the page shown holds rows
// from offset on (more: and the next page has some). The last page (not
// one past it) tells the total: counting would run the analyst's query a
// second time, as long again as the page for an aggregate over every cell
// (issue 17). Otherwise it is counted within Config.CountBudget.
func (s *Server) pageTotal(ctx context.Context, q string, offset, rows int, more bool) (int64, bool) {
	if !more && (rows > 0 || offset == 0) {
		return int64(offset + rows), true
	}
	return s.userCount(ctx, q)
}
