package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// limited returns q wrapped so that DuckDB computes at most n+1 rows
// (duckdb-go materialises a whole result before the first row is read, and
// DuckDB's memory_limit does not cover a result), with the column names q
// itself has (a subquery would rename a duplicate id to id_1). ok is false
// when q cannot be wrapped (DESCRIBE, SHOW, a trailing comment after the
// semicolon …); it then runs as it is. The wrapped text and the DESCRIBE
// that reads the names are checked like q: one statement, the same tree.
func (s *Sandbox) limited(ctx context.Context, conn *sql.Conn, q string, n int) (wrapped string, names []string, ok bool) {
	body := trimStatement(q)
	wrapped = fmt.Sprintf("SELECT * FROM (\n%s\n) LIMIT %d", body, n+1)
	describe := "DESCRIBE " + body
	for _, text := range []string{wrapped, describe} {
		if c, err := s.counter.count(text); err != nil || c != 1 {
			return "", nil, false
		}
		tree, err := serialize(ctx, conn, text)
		if err != nil || s.checkTree(tree) != nil {
			return "", nil, false
		}
	}
	rows, err := conn.QueryContext(ctx, describe)
	if err != nil {
		return "", nil, false
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) == 0 || cols[0] != "column_name" {
		return "", nil, false
	}
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = new(any)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return "", nil, false
		}
		name, _ := (*dest[0].(*any)).(string)
		names = append(names, name)
	}
	return wrapped, names, rows.Err() == nil
}
