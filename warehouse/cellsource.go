package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// cellFunction is the table function through which a batch's cell rows
// reach cell_values: INSERT INTO cell_values SELECT * FROM touming_cells(n)
// reads the rows queued under ticket n. It beats the Appender (1.2-1.7× on
// 4 M cell rows alone, 1.1-1.2× on whole loads, measured A/B; see
// docs/benchmarks.md): DuckDB calls it on all its threads and
// takes typed values chunk by chunk, where the Appender takes one boxed row
// at a time on the caller's thread. The statement runs inside the batch's
// transaction, like the Appender did.
//
// Each DB registers its own touming_cells_<random> (cellFeeds.name): a
// process that opens one file twice shares one DuckDB instance, and so one
// catalog of functions, between the two DBs, and each must find its own
// queued rows.
const cellFunction = "touming_cells"

// cellFeeds hands queued cell rows to the table function by ticket: a
// table function's arguments are SQL values, not Go pointers.
type cellFeeds struct {
	name string // the function's name in DuckDB's catalog
	mu   sync.Mutex
	next int64
	open map[int64]*cellSource
}

func (f *cellFeeds) add(s *cellSource) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	if f.open == nil {
		f.open = map[int64]*cellSource{}
	}
	f.open[f.next] = s
	return f.next
}

func (f *cellFeeds) remove(ticket int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.open, ticket)
}

func (f *cellFeeds) get(ticket int64) (*cellSource, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.open[ticket]
	return s, ok
}

// registerCells registers touming_cells with the database. The function
// lives in DuckDB's in-memory system catalog: nothing of it is stored in
// the file.
func (db *DB) registerCells(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	cols, err := cellColumns(ctx, conn)
	if err != nil {
		return err
	}
	bigint, err := duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
	if err != nil {
		return err
	}
	db.feeds.name = fmt.Sprintf("%s_%016x", cellFunction, rand.Uint64())
	err = duckdb.RegisterTableUDF(conn, db.feeds.name, duckdb.ParallelChunkTableFunction{
		Config: duckdb.TableFunctionConfig{Arguments: []duckdb.TypeInfo{bigint}},
		BindArguments: func(_ map[string]any, args ...any) (duckdb.ParallelChunkTableSource, error) {
			ticket, _ := args[0].(int64)
			s, ok := db.feeds.get(ticket)
			if !ok {
				return nil, fmt.Errorf("%s: no cell rows queued under %d", db.feeds.name, ticket)
			}
			return s.withColumns(cols), nil
		},
	})
	if err != nil {
		return fmt.Errorf("register %s: %w", db.feeds.name, err)
	}
	return nil
}

// cellColumns gives the table function cell_values' own column types, the
// ENUMs' vocabularies read from the database, so that the INSERT converts
// nothing.
func cellColumns(ctx context.Context, conn *sql.Conn) ([]duckdb.ColumnInfo, error) {
	var classes, tables any
	row := conn.QueryRowContext(ctx, `SELECT enum_range(NULL::cell_class), enum_range(NULL::form_table)`)
	if err := row.Scan(&classes, &tables); err != nil {
		return nil, fmt.Errorf("read cell vocabularies: %w", err)
	}
	class, err := enumInfo(classes)
	if err != nil {
		return nil, fmt.Errorf("cell_class: %w", err)
	}
	table, err := enumInfo(tables)
	if err != nil {
		return nil, fmt.Errorf("form_table: %w", err)
	}
	cols := []duckdb.ColumnInfo{{Name: "report_id"}, {Name: "field_id"}, {Name: "value"}, {Name: "raw"},
		{Name: "class", T: class}, {Name: "table", T: table}, {Name: "row"}, {Name: "col"}, {Name: "canonical"}}
	types := map[string]duckdb.Type{"report_id": duckdb.TYPE_BIGINT, "field_id": duckdb.TYPE_SMALLINT,
		"value": duckdb.TYPE_DOUBLE, "raw": duckdb.TYPE_VARCHAR, "row": duckdb.TYPE_INTEGER,
		"col": duckdb.TYPE_INTEGER, "canonical": duckdb.TYPE_BOOLEAN}
	for i := range cols {
		if cols[i].T != nil {
			continue
		}
		if cols[i].T, err = duckdb.NewTypeInfo(types[cols[i].Name]); err != nil {
			return nil, fmt.Errorf("cell column %s: %w", cols[i].Name, err)
		}
	}
	return cols, nil
}

// enumInfo makes an ENUM type of the vocabulary DuckDB listed.
func enumInfo(list any) (duckdb.TypeInfo, error) {
	vals, _ := list.([]any)
	names := make([]string, 0, len(vals))
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected ENUM member %v (%T)", v, v)
		}
		names = append(names, s)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("empty ENUM vocabulary %v", list)
	}
	return duckdb.NewEnumInfo(names[0], names[1:]...)
}

// cellSource is one batch's cell rows as the table function reads them:
// each of DuckDB's threads takes the next chunk's worth of rows.
type cellSource struct {
	cells []cellRow
	cols  []duckdb.ColumnInfo
	next  atomic.Int64
}

func (s *cellSource) withColumns(cols []duckdb.ColumnInfo) *cellSource {
	s.cols = cols
	return s
}

// ColumnInfos lists cell_values' columns.
func (s *cellSource) ColumnInfos() []duckdb.ColumnInfo { return s.cols }

// Cardinality is exact: the rows are queued.
func (s *cellSource) Cardinality() *duckdb.CardinalityInfo {
	return &duckdb.CardinalityInfo{Cardinality: uint(len(s.cells)), Exact: true}
}

// Init starts a scan from the first row; MaxThreads 0 lets DuckDB use all
// its threads.
func (s *cellSource) Init() duckdb.ParallelTableSourceInfo {
	s.next.Store(0)
	return duckdb.ParallelTableSourceInfo{}
}

// NewLocalState: the threads share nothing but the row counter.
func (s *cellSource) NewLocalState() any { return &struct{}{} }

// FillChunk fills c with the next rows; an empty chunk ends the scan.
func (s *cellSource) FillChunk(_ any, c duckdb.DataChunk) error {
	n := int64(duckdb.GetDataChunkCapacity())
	from := min(s.next.Add(n)-n, int64(len(s.cells)))
	to := min(from+n, int64(len(s.cells)))
	for i := from; i < to; i++ {
		if err := fillCell(c, int(i-from), &s.cells[i]); err != nil {
			return fmt.Errorf("cell row %d (report %d): %w", i, s.cells[i].reportID, err)
		}
	}
	return c.SetSize(int(to - from))
}

// fillCell sets row j of c to r, in cell_values' column order
// (migrations/003_cell_values.sql). Typed setters spare boxing each value.
func fillCell(c duckdb.DataChunk, j int, r *cellRow) error {
	cl := r.cell
	err := duckdb.SetChunkValue(c, 0, j, r.reportID)
	if err == nil {
		err = duckdb.SetChunkValue(c, 1, j, r.fieldID)
	}
	if err == nil {
		err = setFloat(c, 2, j, r.value)
	}
	if err == nil {
		err = duckdb.SetChunkValue(c, 3, j, cl.Raw) // kept as read, "" too
	}
	if err == nil {
		err = duckdb.SetChunkValue(c, 4, j, string(cl.Class))
	}
	if err == nil {
		err = setString(c, 5, j, cl.Table)
	}
	if err == nil {
		err = setGrid(c, j, cl.Row, cl.Col)
	}
	if err == nil {
		err = duckdb.SetChunkValue(c, 8, j, r.canonical)
	}
	return err
}

func setFloat(c duckdb.DataChunk, col, j int, p *float64) error {
	if p == nil {
		return duckdb.SetChunkValue[any](c, col, j, nil)
	}
	return duckdb.SetChunkValue(c, col, j, *p)
}

// setString writes "" as NULL, as nullString does.
func setString(c duckdb.DataChunk, col, j int, s string) error {
	if s == "" {
		return duckdb.SetChunkValue[any](c, col, j, nil)
	}
	return duckdb.SetChunkValue(c, col, j, s)
}

// setGrid writes a cell's grid place, or NULLs when it has none.
func setGrid(c duckdb.DataChunk, j, row, col int) error {
	if row < 0 || col < 0 {
		err := duckdb.SetChunkValue[any](c, 6, j, nil)
		if err == nil {
			err = duckdb.SetChunkValue[any](c, 7, j, nil)
		}
		return err
	}
	err := duckdb.SetChunkValue(c, 6, j, int32(row))
	if err == nil {
		err = duckdb.SetChunkValue(c, 7, j, int32(col))
	}
	return err
}

// insertCells inserts the queued cell rows through the table function, on
// the batch's connection and so inside its transaction.
func (db *DB) insertCells(ctx context.Context, conn *sql.Conn, cells []cellRow) error {
	if len(cells) == 0 {
		return nil
	}
	ticket := db.feeds.add(&cellSource{cells: cells})
	defer db.feeds.remove(ticket)
	q := fmt.Sprintf(`INSERT INTO cell_values SELECT * FROM %s(%d)`, db.feeds.name, ticket)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("insert cells: %w", err)
	}
	return nil
}
