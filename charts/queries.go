package charts

import (
	"context"
	"embed"
	"fmt"
	"reflect"
	"strings"

	"github.com/touming/touming"
)

// sqlFS holds the named queries behind the pages. Keeping them in files
// lets an analyst read (and run on the SQL page) exactly what a chart shows.
//
//go:embed sql/*.sql
var sqlFS embed.FS

// namedSQL returns the text of sql/<name>.sql.
func namedSQL(name string) (string, error) {
	b, err := sqlFS.ReadFile("sql/" + name + ".sql")
	if err != nil {
		return "", fmt.Errorf("query %s: %w", name, err)
	}
	return string(b), nil
}

// query runs the named query with args and all its rows.
func (s *Server) query(ctx context.Context, name string, args ...any) (*touming.Table, error) {
	text, err := namedSQL(name)
	if err != nil {
		return nil, err
	}
	t, err := s.cfg.DB.Query(ctx, 0, text, args...)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", name, err)
	}
	return t, nil
}

// column returns the index of the named column, or -1.
func column(t *touming.Table, name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

// rowMap is one row of a table addressed by column name.
type rowMap map[string]any

// rowMaps turns a table into rows addressed by column name, which keeps
// page code independent of column order in the .sql files.
func rowMaps(t *touming.Table) []rowMap {
	out := make([]rowMap, len(t.Rows))
	for i, r := range t.Rows {
		m := make(rowMap, len(t.Columns))
		for j, c := range t.Columns {
			m[c] = r[j]
		}
		out[i] = m
	}
	return out
}

// Str returns column c as text ("" for null).
func (m rowMap) Str(c string) string { return valueStr(m[c]) }

// cols addresses the rows of one table by column name without a map per
// row, for the pivots that read tens of thousands of rows.
type cols map[string]int

func colsOf(t *touming.Table) cols {
	c := make(cols, len(t.Columns))
	for i, name := range t.Columns {
		c[name] = i
	}
	return c
}

func (c cols) get(r []any, name string) any {
	if i, ok := c[name]; ok {
		return r[i]
	}
	return nil
}

// Str, Num and Int read column name of row r as rowMap's do.
func (c cols) Str(r []any, name string) string   { return valueStr(c.get(r, name)) }
func (c cols) Num(r []any, name string) *float64 { return toFloat(c.get(r, name)) }
func (c cols) Int(r []any, name string) int      { return valueInt(c.get(r, name)) }

// valueStr is a value as text ("" for null).
func valueStr(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// Num returns column c as a number, nil for null or a non-number.
func (m rowMap) Num(c string) *float64 {
	return toFloat(m[c])
}

// Int returns column c as an int (0 for null).
func (m rowMap) Int(c string) int { return valueInt(m[c]) }

// valueInt is a number as an int (0 for null or a non-number).
func valueInt(v any) int {
	if f, ok := number(v); ok {
		return int(f)
	}
	return 0
}

// toFloat converts the numeric types database drivers return (any int,
// uint or float kind, and decimals with a Float64 method).
func toFloat(v any) *float64 {
	if f, ok := number(v); ok {
		return &f
	}
	return nil
}

// number is toFloat without the pointer, so that a pivot of tens of
// thousands of values need not allocate each one.
func number(v any) (float64, bool) {
	switch x := v.(type) { // the warehouse's own types first
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case nil:
		return 0, false
	}
	if d, ok := v.(interface{ Float64() (float64, error) }); ok {
		if g, err := d.Float64(); err == nil {
			return g, true
		}
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}
