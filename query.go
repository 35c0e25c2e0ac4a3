package touming

import (
	"context"
	"errors"
)

// Table is the result of a query: column names and rows of plain Go values
// (nil for SQL NULL).
type Table struct {
	Columns []string
	Rows    [][]any
	// Truncated is true when the query had more rows than were asked for.
	Truncated bool
}

// Querier runs read-only SQL against the warehouse. The chart pages and the
// SQL page depend on this, not on the warehouse package.
type Querier interface {
	// Query runs sql with args and returns at most maxRows rows (all of
	// them when maxRows <= 0). The context bounds its time.
	Query(ctx context.Context, maxRows int, sql string, args ...any) (*Table, error)
}

// Column is one column of a streamed result: its name and its DuckDB type
// (INTEGER, VARCHAR, DATE, DECIMAL(18,3) …), so that a writer can print a
// DATE as a date and a TIMESTAMP as a time.
type Column struct {
	Name string
	Type string
}

// RowSink receives a result one row at a time, so that a large result is
// written out as it is read rather than collected first.
type RowSink interface {
	// Columns is called once, before the first row.
	Columns(cols []Column) error
	// Row is called for each row with plain values (nil, bool, int64,
	// uint64, float64, string, []byte, time.Time, []any, map[string]any);
	// vals is reused for the next row. Returning ErrEnough stops the query
	// without an error.
	Row(vals []any) error
}

// ErrEnough is returned by a RowSink to stop a query early: it has all it
// can take (a row or byte limit was reached).
var ErrEnough = errors.New("the result was cut at a limit")

// UserSQL runs SQL typed by a user, whom it does not trust: one read-only
// statement over the warehouse's tables, in a sandbox that cannot reach
// files, the network or the settings.
type UserSQL interface {
	RunUser(ctx context.Context, query string, sink RowSink) error
}

// RowLimiter is implemented by a RowSink that takes at most RowLimit rows
// (0: no limit). A sandbox then has DuckDB compute only that many (and one
// more, to know the result was cut), since DuckDB holds a whole result in
// memory before the first row is read.
type RowLimiter interface {
	RowLimit() int
}

// RowWindow is one page of a result: the rows from Offset (0-based), at
// most Limit of them, in the order of the result's column Sort (1-based;
// 0 keeps the query's own order; nulls last either way, ties in the
// query's order).
type RowWindow struct {
	Offset, Limit int
	Sort          int
	Desc          bool
}

// RowPager is implemented by a RowSink that takes one page of a result. A
// sandbox that can wrap the query (a SELECT-like statement) asks for the
// page given the statement's column names, has DuckDB compute only that
// page plus one row (to tell whether more follow), and calls
// WindowApplied before Columns; otherwise (DESCRIBE, SHOW, ...) the sink
// receives the whole result and pages it itself.
type RowPager interface {
	RowWindow(columns []string) RowWindow
	WindowApplied()
}
