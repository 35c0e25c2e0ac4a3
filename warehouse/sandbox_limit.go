package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/touming/touming"
)

// limitWrap has DuckDB compute at most n+1 rows of a statement.
func limitWrap(n int) func(string, []string) string {
	return func(body string, _ []string) string { return fmt.Sprintf("SELECT * FROM (\n%s\n) LIMIT %d", body, n+1) }
}

// pageWrap has DuckDB compute the page pg asks for and one more row:
// sorted by its column with the statement's own order breaking ties
// (row_number() OVER () numbers the rows as they come, and streams).
func pageWrap(pg touming.RowPager) func(string, []string) string {
	return func(body string, names []string) string {
		w := pg.RowWindow(names)
		page := fmt.Sprintf("LIMIT %d OFFSET %d", w.Limit+1, w.Offset)
		if w.Sort <= 0 || w.Sort > len(names) {
			return fmt.Sprintf("SELECT * FROM (\n%s\n) %s", body, page)
		}
		dir := "ASC"
		if w.Desc {
			dir = "DESC"
		}
		return fmt.Sprintf("SELECT * EXCLUDE (__touming_n) FROM (SELECT *, row_number() OVER () AS __touming_n FROM (\n%s\n))\nORDER BY %d %s NULLS LAST, __touming_n %s",
			body, w.Sort, dir, page)
	}
}

// limited returns q wrapped by wrap (limitWrap or pageWrap) so that DuckDB
// computes only the rows taken (duckdb-go materialises a whole result
// before the first row is read, and DuckDB's memory_limit does not cover a
// result), with the column names q itself has (a subquery would rename a
// duplicate id to id_1). ok is false when q cannot be wrapped (DESCRIBE,
// SHOW, a trailing comment after the semicolon …); it then runs as it is.
// The wrapped text and the DESCRIBE that reads the names are checked like
// q: one statement, the same tree.
func (s *Sandbox) limited(ctx context.Context, conn *sql.Conn, q string, wrap func(body string, names []string) string) (wrapped string, names []string, ok bool) {
	body := trimStatement(q)
	describe := "DESCRIBE " + body
	if !s.checkedText(ctx, conn, describe) {
		return "", nil, false
	}
	names, ok = describeNames(ctx, conn, describe)
	if !ok {
		return "", nil, false
	}
	wrapped = wrap(body, names)
	return wrapped, names, s.checkedText(ctx, conn, wrapped)
}

// checkedText reports whether text is one statement whose tree the
// sandbox accepts.
func (s *Sandbox) checkedText(ctx context.Context, conn *sql.Conn, text string) bool {
	if c, err := s.counter.count(text); err != nil || c != 1 {
		return false
	}
	tree, err := serialize(ctx, conn, text)
	return err == nil && s.checkTree(tree) == nil
}

// describeNames runs a checked DESCRIBE and returns the column names.
func describeNames(ctx context.Context, conn *sql.Conn, describe string) ([]string, bool) {
	rows, err := conn.QueryContext(ctx, describe)
	if err != nil {
		return nil, false
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) == 0 || cols[0] != "column_name" {
		return nil, false
	}
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = new(any)
	}
	var names []string
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, false
		}
		name, _ := (*dest[0].(*any)).(string)
		names = append(names, name)
	}
	return names, rows.Err() == nil
}
