package touming

import "context"

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
