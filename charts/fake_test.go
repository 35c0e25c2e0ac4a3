package charts

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/touming/touming"
)

// memDB is a touming.Querier over in-memory tables, keyed by the name of
// the .sql file whose text is asked for. charts tests cannot open DuckDB
// (only warehouse and cmd/touming tests link it); cmd/touming's tests run
// these pages on a real warehouse.
type memDB struct {
	mu     sync.Mutex
	tables map[string]*touming.Table
	// user answers any other SQL (the SQL page); nil means an error.
	user  func(ctx context.Context, maxRows int, sql string) (*touming.Table, error)
	calls []string // names (or user SQL) in the order asked
	args  map[string][]any
	// every holds the arguments of every call of each named query.
	every map[string][][]any
}

func newMemDB() *memDB {
	return &memDB{tables: map[string]*touming.Table{}, args: map[string][]any{}, every: map[string][][]any{}}
}

func (m *memDB) Query(ctx context.Context, maxRows int, sql string, args ...any) (*touming.Table, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.wrapped(sql, args); ok {
		return t, nil
	}
	entries, _ := sqlFS.ReadDir("sql")
	for _, e := range entries {
		name := e.Name()[:len(e.Name())-len(".sql")]
		if text, _ := namedSQL(name); text == sql {
			m.calls = append(m.calls, name)
			m.args[name] = args
			m.every[name] = append(m.every[name], args)
			t, ok := m.tables[name]
			if !ok && name == "compare_sums" && m.tables["compare_values"] != nil {
				return sumsOf(m.tables["compare_values"]), nil
			}
			if !ok {
				return &touming.Table{}, nil
			}
			return t, nil
		}
	}
	m.calls = append(m.calls, sql)
	if m.user == nil {
		return nil, fmt.Errorf("memDB: no answer for %q", sql)
	}
	return m.user(ctx, maxRows, sql)
}

// RunUser answers user SQL as Query does, streamed into sink.
func (m *memDB) RunUser(ctx context.Context, q string, sink touming.RowSink) error {
	t, err := m.Query(ctx, 0, q)
	if err != nil {
		return err
	}
	cols := make([]touming.Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i].Name = c
	}
	if err := sink.Columns(cols); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := sink.Row(r); errors.Is(err, touming.ErrEnough) {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

func (m *memDB) called(name string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.calls {
		if c == name {
			return true
		}
	}
	return false
}

// tbl builds a table from column names and rows.
func tbl(cols []string, rows ...[]any) *touming.Table {
	return &touming.Table{Columns: cols, Rows: rows}
}

// f is a *float64 for fixtures.
func f(v float64) *float64 { return &v }

// failingDB fails every query, as a warehouse with a missing view would.
type failingDB struct{}

func (failingDB) Query(context.Context, int, string, ...any) (*touming.Table, error) {
	return nil, fmt.Errorf("Catalog Error: Table with name report_checks does not exist")
}

// wrapped answers a named query counted (countSQL) or limited to a page
// (pagedSQL) from the named query's table, as the database would.
func (m *memDB) wrapped(sql string, args []any) (*touming.Table, bool) {
	entries, _ := sqlFS.ReadDir("sql")
	for _, e := range entries {
		name := e.Name()[:len(e.Name())-len(".sql")]
		text, _ := namedSQL(name)
		t, ok := m.tables[name]
		if !ok {
			t = &touming.Table{}
		}
		switch sql {
		case countSQL(text):
			m.calls = append(m.calls, name)
			return &touming.Table{Columns: []string{"n"}, Rows: [][]any{{int64(len(t.Rows))}}}, true
		case pagedSQL(text), m.ownPage(name):
			m.args[name] = args
			m.every[name] = append(m.every[name], args)
			limit, offset := args[0].(int), args[1].(int)
			page := *t
			page.Rows = t.Rows[min(offset, len(t.Rows)):min(offset+limit, len(t.Rows))]
			return &page, true
		}
	}
	return nil, false
}

// ownPage is the text of name's own page query, or a text no query has.
func (m *memDB) ownPage(name string) string {
	if text, err := namedSQL(name + "_page"); err == nil {
		return text
	}
	return "\x00no page query"
}
