package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/touming/touming"
)

// Query runs sql and returns at most maxRows rows (all when maxRows <= 0),
// with plain Go values: nil for NULL, float64 for DECIMAL, int64 for the
// integer types, time.Time, string, bool, []any for lists. It implements
// touming.Querier. The error names the SQL problem as DuckDB states it.
func (db *DB) Query(ctx context.Context, maxRows int, query string, args ...any) (*touming.Table, error) {
	return queryTable(ctx, db.sql, maxRows, query, args...)
}

// queryTable runs query on s and collects at most maxRows rows.
func queryTable(ctx context.Context, s *sql.DB, maxRows int, query string, args ...any) (*touming.Table, error) {
	rows, err := s.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	t := &touming.Table{Columns: cols}
	for rows.Next() {
		if maxRows > 0 && len(t.Rows) == maxRows {
			t.Truncated = true
			break
		}
		row, err := scanRow(rows, len(cols))
		if err != nil {
			return nil, fmt.Errorf("query: %w", err)
		}
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return t, nil
}

var _ touming.Querier = (*DB)(nil)

func scanRow(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	for i, v := range vals {
		vals[i] = plain(v)
	}
	return vals, nil
}

// plain turns the driver's values into plain Go values.
func plain(v any) any {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		return float64(x)
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return x.String()
	case duckdb.Decimal:
		return x.Float64()
	case []any:
		for i := range x {
			x[i] = plain(x[i])
		}
		return x
	case time.Time:
		return x.UTC()
	}
	return v
}
