package charts

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// A browse page is one SELECT over one table or view, built from the URL:
// ?column=value filters (repeated: any of the values), _null=column for
// the rows where it is NULL, _sort=column or _sort_desc=column, _size
// rows per page from _page, and _facet=column for facet counts. Parameters
// that start with _ are the page's own, so a column may have any other
// name. Every name is checked against the warehouse's catalog and quoted;
// every value is a quoted SQL literal, so the query is plain text that can
// also be opened on the SQL page.

// Page sizes of a browse page.
const (
	defaultPageSize = 50
	maxPageSize     = 1000
	facetValues     = 30 // values listed per facet
	maxFacets       = 6  // facets shown unless more are asked for
)

// facetCandidates are the columns that suit facets in this data, in the
// order they are offered: year, template, region, agency kind, status, rule.
var facetCandidates = []string{"year", "template", "region_name", "agency_kind", "level", "status", "rule", "ok",
	"class", "table", "kind", "dept_type", "source_id", "latest", "http_status", "content_type", "unit"}

// filter is one column's condition.
type filter struct {
	Column string
	Values []string // any of them; empty when Null
	Null   bool
}

// browseQuery is a parsed browse URL.
type browseQuery struct {
	rel     relationInfo
	filters []filter
	sort    string
	desc    bool
	page    int
	size    int
	facets  []string
	params  url.Values // the URL's query, for links that change one thing
	// unordered drops the ORDER BY: the relation's own order, for a page
	// whose sort did not finish in time (see pageRows).
	unordered bool
}

// parseBrowse reads the URL's query for rel; the error names the
// parameter in Chinese and English.
func parseBrowse(rel relationInfo, q url.Values) (browseQuery, error) {
	b := browseQuery{rel: rel, page: 1, size: defaultPageSize, params: q}
	var err error
	if b.page, err = intParam(q, "_page", 1, 1, 1<<31); err != nil {
		return b, err
	}
	if b.size, err = intParam(q, "_size", defaultPageSize, 1, maxPageSize); err != nil {
		return b, err
	}
	for _, p := range []struct {
		name string
		desc bool
	}{{"_sort", false}, {"_sort_desc", true}} {
		if c := q.Get(p.name); c != "" {
			if _, ok := rel.column(c); !ok {
				return b, noColumn(rel, p.name, c)
			}
			b.sort, b.desc = c, p.desc
		}
	}
	for _, c := range q["_null"] {
		if !b.has(c) {
			return b, noColumn(rel, "_null", c)
		}
		b.filters = append(b.filters, filter{Column: c, Null: true})
	}
	for _, col := range rel.Columns {
		vals, ok := q[col.Name]
		if !ok {
			continue
		}
		for _, v := range vals {
			if err := checkValue(col, v); err != nil {
				return b, err
			}
		}
		b.filters = append(b.filters, filter{Column: col.Name, Values: vals})
	}
	if vals, ok := q[agencyKind]; ok && rel.hasAgencyKind() {
		b.filters = append(b.filters, filter{Column: agencyKind, Values: vals})
	}
	for k := range q {
		if !b.has(k) && !strings.HasPrefix(k, "_") {
			return b, noColumn(rel, k, k)
		}
	}
	b.facets = b.facetColumns(q["_facet"])
	return b, nil
}

func noColumn(rel relationInfo, param, col string) error {
	return userErrf(fmt.Sprintf("%s 没有名为 %q 的列（参数 %s）。", rel.Name, col, param), "%s: no column %q (parameter %s)", rel.Name, col, param)
}

// intParam reads a whole-number parameter within [lo, hi].
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, userErrf(fmt.Sprintf("参数 %s 应为 %d 到 %d 之间的整数。", name, lo, hi), "parameter %s=%q: want a whole number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// numeric reports whether a DuckDB type is a number.
func numeric(t string) bool {
	t = strings.ToUpper(t)
	for _, p := range []string{"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// integer reports whether a DuckDB type is a whole-number type.
func integer(t string) bool {
	switch strings.ToUpper(t) {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT":
		return true
	}
	return false
}

// isWhole reports whether v is written as a whole number.
func isWhole(v string) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return err == nil
}

// checkValue refuses a filter value its column cannot hold, with a clear
// message rather than DuckDB's conversion error.
func checkValue(c columnInfo, v string) error {
	switch {
	case numeric(c.Type):
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return userErrf(fmt.Sprintf("列 %s 是数字，筛选值 %q 不是数字。", c.Name, v), "filter %s=%q: the column is %s", c.Name, v, c.Type)
		}
	case strings.EqualFold(c.Type, "BOOLEAN"):
		if _, err := strconv.ParseBool(v); err != nil {
			return userErrf(fmt.Sprintf("列 %s 只有 true 和 false 两种值，筛选值 %q 不是其中之一。", c.Name, v), "filter %s=%q: want true or false", c.Name, v)
		}
	}
	return nil
}

// condition is one filter in SQL.
func (b browseQuery) condition(f filter) string {
	if f.Column == agencyKind && b.rel.hasAgencyKind() {
		if _, real := b.rel.column(agencyKind); !real {
			return kindCondition(f)
		}
	}
	col, _ := b.rel.column(f.Column)
	q := quoteIdent(f.Column)
	if f.Null {
		return q + " IS NULL"
	}
	var ors []string
	for _, v := range f.Values {
		switch {
		case integer(col.Type) && isWhole(v):
			// In the column's own type, so that DuckDB prunes by it (a
			// report_id compared as a DOUBLE scans every row).
			ors = append(ors, fmt.Sprintf("%s = CAST(%s AS %s)", q, quoteLiteral(v), col.Type))
		case numeric(col.Type):
			ors = append(ors, fmt.Sprintf("%s = CAST(%s AS DOUBLE)", q, quoteLiteral(v)))
		case strings.EqualFold(col.Type, "BOOLEAN"):
			t, _ := strconv.ParseBool(v)
			ors = append(ors, fmt.Sprintf("%s = %t", q, t))
		case strings.HasSuffix(col.Type, "[]"):
			ors = append(ors, fmt.Sprintf("list_contains(%s, %s)", q, quoteLiteral(v)))
		default:
			ors = append(ors, fmt.Sprintf("CAST(%s AS VARCHAR) = %s", q, quoteLiteral(v)))
		}
	}
	if len(ors) == 1 {
		return ors[0]
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

// from is the FROM and WHERE of every query of the page.
func (b browseQuery) from() string {
	s := "FROM " + quoteIdent(b.rel.Name)
	for i, f := range b.filters {
		if i == 0 {
			s += "\nWHERE "
		} else {
			s += "\n  AND "
		}
		s += b.condition(f)
	}
	return s
}

// orderBy sorts by the chosen column, then by the first columns (ids in
// every relation here) so that pages do not overlap.
func (b browseQuery) orderBy() string {
	var keys []string
	if b.sort != "" {
		k := quoteIdent(b.sort)
		if b.desc {
			k += " DESC"
		}
		keys = append(keys, k+" NULLS LAST")
	}
	for i := 1; i <= min(3, len(b.rel.Columns)); i++ {
		keys = append(keys, strconv.Itoa(i))
	}
	return "ORDER BY " + strings.Join(keys, ", ")
}

// allSQL selects every row the filters keep, in the page's order.
func (b browseQuery) allSQL() string {
	if b.unordered {
		return "SELECT * " + b.from()
	}
	return "SELECT * " + b.from() + "\n" + b.orderBy()
}

// pageSQL selects the page's rows and one more, which tells whether a
// next page exists.
func (b browseQuery) pageSQL() string {
	return fmt.Sprintf("%s\nLIMIT %d OFFSET %d", b.allSQL(), b.size+1, (b.page-1)*b.size)
}

// countSQL counts the rows the filters keep.
func (b browseQuery) countSQL() string {
	return "SELECT count(*) AS n " + b.from()
}

// facetSQL counts the rows per value of col (NULL included), most first.
func (b browseQuery) facetSQL(col string) string {
	if _, real := b.rel.column(col); !real && col == agencyKind {
		return b.kindFacetSQL()
	}
	q := quoteIdent(col)
	return fmt.Sprintf("SELECT CAST(%s AS VARCHAR) AS value, %s IS NULL AS is_null, count(*) AS n %s\nGROUP BY ALL ORDER BY n DESC, value NULLS LAST LIMIT %d", q, q, b.from(), facetValues+1)
}

// facetColumns are the facets shown: those asked for, then the candidates
// the relation has, up to maxFacets in all.
func (b browseQuery) facetColumns(asked []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range asked {
		if b.has(c) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range facetCandidates {
		if len(out) >= max(maxFacets, len(asked)) {
			break
		}
		if b.has(c) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// link is this page's URL with the parameters in set changed (an empty
// value removes one) and, unless keepPage, back on the first page.
func (b browseQuery) link(suffix string, set map[string][]string, keepPage bool) string {
	q := url.Values{}
	for k, vs := range b.params {
		q[k] = append([]string(nil), vs...)
	}
	if !keepPage {
		q.Del("_page")
	}
	for k, vs := range set {
		if len(vs) == 0 || (len(vs) == 1 && vs[0] == "") {
			q.Del(k)
		} else {
			q[k] = vs
		}
	}
	u := "/data/" + url.PathEscape(b.rel.Name) + suffix
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// quoteIdent quotes a name for SQL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteLiteral quotes a value as an SQL string literal (DuckDB's strings
// have no backslash escapes: a doubled quote is the only one).
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
