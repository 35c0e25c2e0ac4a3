package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/touming/touming"
)

// RunUser checks that q is one read-only statement over the warehouse
// (see checkUser) and runs it, sending its columns and then each row to
// sink. The statement is prepared only after the check, and its type is
// checked again as DuckDB prepared it (SELECT, or EXPLAIN for an EXPLAIN).
// Errors wrap ErrRefused when the sandbox refused q; otherwise they are
// DuckDB's, unwrapped, so that a typo reads as DuckDB's syntax error.
func (s *Sandbox) RunUser(ctx context.Context, q string, sink touming.RowSink) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	defer conn.Close()
	explain, err := s.checkUser(ctx, conn, q)
	if err != nil {
		return err
	}
	var names []string
	if pg, ok := sink.(touming.RowPager); ok && !explain {
		if w, n, ok := s.limited(ctx, conn, q, pageWrap(pg)); ok {
			q, names = w, n
			pg.WindowApplied()
		}
	} else if lim, ok := sink.(touming.RowLimiter); ok && !explain && lim.RowLimit() > 0 {
		if w, n, ok := s.limited(ctx, conn, q, limitWrap(lim.RowLimit())); ok {
			q, names = w, n
		}
	}
	return conn.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("sandbox: unexpected statement %T", st)
		}
		if err := checkType(ds, explain); err != nil {
			return err
		}
		rows, err := ds.QueryContext(ctx, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		return stream(rows, sink, names)
	})
}

// Stream runs the analyst's own SQL (touming sql) on this handle and
// sends the rows to sink; unlike the sandbox it trusts the text, which the
// driver may run as several statements.
func (db *DB) Stream(ctx context.Context, q string, sink touming.RowSink) error {
	return streamSQL(ctx, db.sql, q, sink)
}

// Stream runs a page's own (trusted) query in the sandbox and sends the
// rows to sink as they are read; it does not check the text as RunUser
// does, but the sandbox's settings hold all the same.
func (s *Sandbox) Stream(ctx context.Context, q string, sink touming.RowSink) error {
	return streamSQL(ctx, s.db, q, sink)
}

// streamSQL runs q on one connection of db and streams its rows.
func streamSQL(ctx context.Context, db *sql.DB, q string, sink touming.RowSink) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		st, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		rows, err := st.(driver.StmtQueryContext).QueryContext(ctx, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		return stream(rows, sink, nil)
	})
}

// checkType refuses what DuckDB did not prepare as a SELECT (or EXPLAIN).
func checkType(st *duckdb.Stmt, explain bool) error {
	typ, err := st.StatementType()
	if err != nil {
		return err
	}
	want := duckdb.STATEMENT_TYPE_SELECT
	if explain {
		want = duckdb.STATEMENT_TYPE_EXPLAIN
	}
	if typ != want {
		return refuse("only read-only queries run here: DuckDB prepared a statement of type %d", typ)
	}
	return nil
}

// stream sends rows to sink, converting each value to a plain one; rename,
// when it has one per column, replaces the result's column names.
func stream(rows driver.Rows, sink touming.RowSink, rename []string) error {
	names := rows.Columns()
	if len(rename) == len(names) {
		names = rename
	}
	cols := make([]touming.Column, len(names))
	typed, _ := rows.(driver.RowsColumnTypeDatabaseTypeName)
	for i, n := range names {
		cols[i].Name = n
		if typed != nil {
			cols[i].Type = typed.ColumnTypeDatabaseTypeName(i)
		}
	}
	if err := sink.Columns(cols); err != nil {
		return stopped(err)
	}
	dest := make([]driver.Value, len(names))
	vals := make([]any, len(names))
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		for i, v := range dest {
			vals[i] = userValue(v, cols[i].Type)
		}
		if err := sink.Row(vals); err != nil {
			return stopped(err)
		}
	}
}

// stopped turns a sink's ErrEnough into a normal end.
func stopped(err error) error {
	if errors.Is(err, touming.ErrEnough) {
		return nil
	}
	return err
}

// userValue makes a driver value plain (see touming.RowSink), so that a
// writer can always print it: UUIDs and intervals as text, decimals as
// float64 only when that keeps every digit (else as exact text), integers
// past int64 as text, infinite dates and timestamps as "infinity".
func userValue(v any, typ string) any {
	switch x := v.(type) {
	case nil, bool, string, int64, uint64, float64:
		return v
	case int8, int16, int32, uint8, uint16, uint32, float32, time.Time:
		return plainScalar(v, typ)
	case []byte:
		if typ == "UUID" && len(x) == 16 {
			u := duckdb.UUID(x)
			return u.String()
		}
		return x
	case duckdb.UUID:
		return x.String()
	case *duckdb.UUID:
		return x.String()
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return x.String()
	case duckdb.Decimal:
		return decimalValue(x)
	case duckdb.Interval:
		return intervalText(x)
	case []any:
		elem := strings.TrimSuffix(typ, "[]")
		out := make([]any, len(x))
		for i := range x {
			out[i] = userValue(x[i], elem)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = userValue(e, "")
		}
		return out
	case duckdb.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(userValue(k, ""))] = userValue(e, "")
		}
		return out
	case duckdb.Union:
		return userValue(x.Value, "")
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprint(v)
}

// plainScalar widens small numbers and marks infinite dates.
func plainScalar(v any, typ string) any {
	if t, ok := v.(time.Time); ok {
		if inf := infinity(t, typ); inf != "" {
			return inf
		}
		return t.UTC()
	}
	return plain(v)
}

// infinity returns "infinity" or "-infinity" for DuckDB's infinite DATE and
// TIMESTAMP values (which the driver hands over as the extreme times).
func infinity(t time.Time, typ string) string {
	if strings.HasPrefix(typ, "TIMESTAMP") {
		switch t.UnixMicro() {
		case math.MaxInt64:
			return "infinity"
		case -math.MaxInt64, math.MinInt64:
			return "-infinity"
		}
	}
	if typ == "DATE" {
		switch days := t.Unix() / 86400; days {
		case math.MaxInt32:
			return "infinity"
		case -math.MaxInt32, math.MinInt32:
			return "-infinity"
		}
	}
	return ""
}

// decimalValue is d as a float64 when the float prints back as the same
// digits, else as its exact text: a DECIMAL(38,4) sum keeps every digit.
func decimalValue(d duckdb.Decimal) any {
	s := d.String()
	f := d.Float64()
	if strconv.FormatFloat(f, 'f', -1, 64) == s {
		return f
	}
	return s
}

// intervalText prints an interval in ISO 8601 (P1Y2M3DT4.5S).
func intervalText(iv duckdb.Interval) string {
	var b strings.Builder
	b.WriteString("P")
	if y, m := iv.Months/12, iv.Months%12; y != 0 || m != 0 {
		if y != 0 {
			fmt.Fprintf(&b, "%dY", y)
		}
		if m != 0 {
			fmt.Fprintf(&b, "%dM", m)
		}
	}
	if iv.Days != 0 {
		fmt.Fprintf(&b, "%dD", iv.Days)
	}
	if iv.Micros != 0 {
		sec := strconv.FormatFloat(float64(iv.Micros)/1e6, 'f', -1, 64)
		fmt.Fprintf(&b, "T%sS", sec)
	}
	if b.Len() == 1 {
		b.WriteString("0D")
	}
	return b.String()
}
