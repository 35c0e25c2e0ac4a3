package charts

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// A result on the SQL page is shown a page at a time and sorted by a click
// on a column. Both work on the rows the query returned (up to
// Config.SQLMaxRows), so they work for any statement, DESCRIBE and SUMMARIZE
// included, without rewriting the analyst's SQL.

// resultView is the part of the page that shows a result.
type resultView struct {
	Columns []resultColumn
	Rows    [][]browseCell
	Total   int  // rows returned
	Counted bool // Total is known
	// CountNote says why Total is not known, CountLink computes it.
	CountNote, CountLink string
	Cut                  bool // the query had more rows than Config.SQLMaxRows
	CutNote              string
	Page                 int
	Pages                int
	From                 int
	To                   int
	Prev                 string
	Next                 string
}

// resultColumn is a header with its sort link.
type resultColumn struct {
	Name, Sort string
	Sorted     string
}

// resultParams are the page's own parameters for a result.
type resultParams struct {
	page, size int
	sort       string
	desc       bool
}

// parseResultParams reads _page, _size, _sort and _sort_desc.
func parseResultParams(q url.Values) (resultParams, error) {
	p := resultParams{sort: q.Get("_sort")}
	if d := q.Get("_sort_desc"); d != "" {
		p.sort, p.desc = d, true
	}
	var err error
	if p.page, err = intParam(q, "_page", 1, 1, 1<<31); err != nil {
		return p, err
	}
	p.size, err = intParam(q, "_size", 100, 1, maxPageSize)
	return p, err
}

// sortRows sorts t's rows by the named column (nulls last, numbers as
// numbers), stably so that ties keep the query's order.
func sortRows(t *touming.Table, col string, desc bool) {
	i := column(t, col)
	if i < 0 {
		return
	}
	slices.SortStableFunc(t.Rows, func(a, b []any) int {
		c := compareValues(a[i], b[i])
		if desc && a[i] != nil && b[i] != nil {
			c = -c
		}
		return c
	})
}

// compareValues orders two result values: nulls last, numbers by value,
// anything else by its text.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	fa, fb := toFloat(a), toFloat(b)
	if fa != nil && fb != nil {
		return cmp.Compare(*fa, *fb)
	}
	return strings.Compare(cellText(a), cellText(b))
}

// view builds the shown page of t. link makes the page's URL with some
// parameters changed.
func (s *Server) resultView(t *touming.Table, p resultParams, maxRows int, link func(map[string]string) string) *resultView {
	if p.sort != "" {
		sortRows(t, p.sort, p.desc)
	}
	v := &resultView{Total: len(t.Rows), Counted: true, Cut: t.Truncated, Page: p.page}
	if t.Truncated {
		v.CutNote = "结果在 " + strconv.Itoa(maxRows) + " 行处截断：查询返回的行数超过了上限（serve 的 SQL 行数上限），下面只有前 " + strconv.Itoa(len(t.Rows)) + " 行。请加上 WHERE 或 LIMIT 缩小结果，或用 touming sql 导出全部。"
	}
	v.Pages = max(1, (len(t.Rows)+p.size-1)/p.size)
	from := min((p.page-1)*p.size, len(t.Rows))
	to := min(from+p.size, len(t.Rows))
	v.From, v.To = from+1, to
	if p.page > 1 {
		v.Prev = link(map[string]string{"_page": strconv.Itoa(p.page - 1)})
	}
	if to < len(t.Rows) {
		v.Next = link(map[string]string{"_page": strconv.Itoa(p.page + 1)})
	}
	v.Columns = resultColumns(t.Columns, p, link)
	v.Rows = s.resultRows(t.Columns, t.Rows[from:to])
	return v
}

// resultColumns are the headers with their sort links: a click sorts
// ascending, a second descending, a third not at all.
func resultColumns(cols []string, p resultParams, link func(map[string]string) string) []resultColumn {
	var out []resultColumn
	for _, c := range cols {
		rc := resultColumn{Name: c}
		switch {
		case p.sort == c && !p.desc:
			rc.Sorted, rc.Sort = "asc", link(map[string]string{"_sort_desc": c, "_sort": "", "_page": ""})
		case p.sort == c:
			rc.Sorted, rc.Sort = "desc", link(map[string]string{"_sort": "", "_sort_desc": "", "_page": ""})
		default:
			rc.Sort = link(map[string]string{"_sort": c, "_sort_desc": "", "_page": ""})
		}
		out = append(out, rc)
	}
	return out
}

// resultRows are the shown rows as linked cells.
func (s *Server) resultRows(cols []string, rows [][]any) [][]browseCell {
	var out [][]browseCell
	for _, row := range rows {
		cells := make([]browseCell, len(row))
		for i, val := range row {
			cells[i] = s.browseCell("", cols[i], val)
		}
		out = append(out, cells)
	}
	return out
}

// changeLink returns a link maker for path with query q: each call
// changes the given parameters (an empty value removes one).
func changeLink(path string, q url.Values) func(map[string]string) string {
	return func(set map[string]string) string {
		c := url.Values{}
		for k, vs := range q {
			c[k] = append([]string(nil), vs...)
		}
		for k, v := range set {
			if v == "" {
				c.Del(k)
			} else {
				c.Set(k, v)
			}
		}
		return path + "?" + c.Encode()
	}
}
