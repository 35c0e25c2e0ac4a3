package warehouse

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/duckdb/duckdb-go/v2/mapping"
)

// ErrRefused is wrapped by RunUser's error when the sandbox refuses a
// statement before running it (as opposed to DuckDB failing it).
var ErrRefused = errors.New("refused")

// refuse returns an error that wraps ErrRefused.
func refuse(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// stmtCounter counts the statements of a text with DuckDB's own parser
// (duckdb_extract_statements), on an empty in-memory instance that is
// locked like the sandbox. Counting runs nothing; duckdb-go's Prepare would
// run every statement but the last.
type stmtCounter struct {
	mu   sync.Mutex // a DuckDB connection is not for concurrent use
	db   mapping.Database
	conn mapping.Connection
}

func newStmtCounter() (*stmtCounter, error) {
	var cfg mapping.Config
	if mapping.CreateConfig(&cfg) == mapping.StateError {
		return nil, fmt.Errorf("statement counter: create config")
	}
	defer mapping.DestroyConfig(&cfg)
	for _, kv := range [][2]string{
		{"enable_external_access", "false"}, {"autoinstall_known_extensions", "false"},
		{"autoload_known_extensions", "false"}, {"threads", "1"},
		{"memory_limit", "64MB"}, {"lock_configuration", "true"},
	} {
		if mapping.SetConfig(cfg, kv[0], kv[1]) == mapping.StateError {
			return nil, fmt.Errorf("statement counter: set %s", kv[0])
		}
	}
	c := &stmtCounter{}
	var msg string
	if mapping.OpenExt("", &c.db, cfg, &msg) == mapping.StateError {
		mapping.Close(&c.db)
		return nil, fmt.Errorf("statement counter: open: %s", msg)
	}
	if mapping.Connect(c.db, &c.conn) == mapping.StateError {
		mapping.Close(&c.db)
		return nil, fmt.Errorf("statement counter: connect")
	}
	return c, nil
}

// count returns the number of statements in q, or DuckDB's parser error
// (a typo gets DuckDB's own syntax error).
func (c *stmtCounter) count(q string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var st mapping.ExtractedStatements
	n := mapping.ExtractStatements(c.conn, q, &st)
	defer mapping.DestroyExtracted(&st)
	if n == 0 {
		if msg := mapping.ExtractStatementsError(st); msg != "" {
			return 0, errors.New(msg)
		}
	}
	return int(n), nil
}

func (c *stmtCounter) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	mapping.Disconnect(&c.conn)
	mapping.Close(&c.db)
}

// checkUser decides, without running q, whether it is one read-only
// statement over the warehouse: DuckDB counts the statements and parses
// the text into its syntax tree (json_serialize_sql, with q as a bound
// value), and every table, table function and function in that tree is
// checked. It returns whether q is an EXPLAIN.
func (s *Sandbox) checkUser(ctx context.Context, conn *sql.Conn, q string) (explain bool, err error) {
	n, err := s.counter.count(q)
	switch {
	case err != nil:
		return false, err
	case n == 0:
		return false, refuse("empty query")
	case n > 1:
		return false, refuse("one statement at a time: DuckDB reads %d statements here", n)
	}
	body, explain := stripExplain(q)
	tree, err := serialize(ctx, conn, body)
	if err != nil && isPivot(body) {
		// A PIVOT statement is not a SELECT to the serializer, but the same
		// PIVOT in a subquery is; what it reads is the same.
		tree, err = serialize(ctx, conn, "SELECT * FROM (\n"+trimStatement(body)+"\n)")
	}
	if err != nil {
		return false, err
	}
	return explain, s.checkTree(tree)
}

// serialize returns DuckDB's syntax tree of q, which must be exactly one
// SELECT statement (DESCRIBE, SHOW, SUMMARIZE, TABLE and FROM-first
// queries are SELECTs to DuckDB).
func serialize(ctx context.Context, conn *sql.Conn, q string) (any, error) {
	var text string
	if err := conn.QueryRowContext(ctx, "SELECT json_serialize_sql($1::VARCHAR)::VARCHAR", q).Scan(&text); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var out struct {
		Error      bool   `json:"error"`
		Type       string `json:"error_type"`
		Message    string `json:"error_message"`
		Statements []any  `json:"statements"`
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return nil, fmt.Errorf("parse: read the syntax tree: %w", err)
	}
	switch {
	case out.Error && out.Type == "not implemented":
		return nil, refuse("only read-only queries run here (SELECT, WITH, FROM, TABLE, VALUES, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, PIVOT), not %s", firstWord(q))
	case out.Error:
		return nil, errors.New(out.Message)
	case len(out.Statements) != 1:
		return nil, refuse("one statement at a time: DuckDB reads %d statements here", len(out.Statements))
	}
	return out.Statements[0], nil
}
