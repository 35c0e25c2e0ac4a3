package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/touming/touming"
)

// Defaults of SandboxOptions.
const (
	DefaultSandboxMemory  = "1GB"
	DefaultSandboxThreads = 2
)

// SandboxOptions tune OpenSandbox.
type SandboxOptions struct {
	// MemoryLimit is DuckDB's memory_limit for the whole read side (all
	// queries at once), e.g. "1GB". Results are held within it and nothing
	// spills to disk: a query that needs more fails with DuckDB's
	// out-of-memory error.
	MemoryLimit string
	// Threads is DuckDB's threads setting for the read side.
	Threads int
	// LockWait is how long OpenSandbox retries while a writer holds the file.
	LockWait time.Duration
}

// Sandbox is the warehouse as the pages and the SQL page read it: its own
// in-memory DuckDB instance that attaches the file READ_ONLY, then turns
// external access off (no files, no network, no other databases) and locks
// its configuration before any other SQL runs. Nothing it runs can write
// the file, read another file, install or load an extension, or change a
// setting; RunUser also accepts only one SELECT-like statement over the
// warehouse's own tables. It is safe for concurrent use.
type Sandbox struct {
	path    string
	catalog string // the attach alias: the file's stem, as a plain open names it
	db      *sql.DB
	counter *stmtCounter
	tables  map[string]bool // lower-cased names of the warehouse's tables and views
}

// OpenSandbox opens the warehouse at path for reading through a sandbox.
func OpenSandbox(ctx context.Context, path string, opts SandboxOptions) (*Sandbox, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open sandbox %s: no warehouse there (run touming load first): %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sandbox %s: %w", path, err)
	}
	s := &Sandbox{path: path, catalog: catalogName(abs)}
	deadline := time.Now().Add(opts.LockWait)
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		err = s.open(ctx, abs, opts)
		if err == nil || !errors.Is(err, ErrLocked) || time.Now().Add(delay).After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			err = errors.Join(err, ctx.Err())
		case <-time.After(delay):
			continue
		}
		break
	}
	if err != nil {
		return nil, fmt.Errorf("open sandbox %s: %w", path, err)
	}
	return s, nil
}

// catalogName is the alias DuckDB gives a file opened directly (its name
// without the extension), so that names written for a plain open, and the
// views stored in the file, resolve the same way here.
func catalogName(abs string) string {
	base := filepath.Base(abs)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}

// open starts the instance, attaches the file and locks the instance down.
func (s *Sandbox) open(ctx context.Context, abs string, opts SandboxOptions) error {
	mem, threads := opts.MemoryLimit, opts.Threads
	if mem == "" {
		mem = DefaultSandboxMemory
	}
	if threads <= 0 {
		threads = DefaultSandboxThreads
	}
	// Set at start: no extension is fetched or loaded behind a query's back.
	dsn := fmt.Sprintf(":memory:?autoinstall_known_extensions=false&autoload_known_extensions=false"+
		"&allow_community_extensions=false&threads=%d&memory_limit=%s", threads, mem)
	// Every connection starts in the warehouse's catalog, once it is
	// attached (the first connection attaches it).
	use := "USE " + quoteIdent(s.catalog)
	var attached atomic.Bool
	conn, err := duckdb.NewConnector(dsn, func(ex driver.ExecerContext) error {
		if !attached.Load() {
			return nil
		}
		_, err := ex.ExecContext(context.Background(), use, nil)
		return err
	})
	if err != nil {
		return err
	}
	if err := lockDown(ctx, conn, abs, s.catalog); err != nil {
		conn.Close()
		return err
	}
	attached.Store(true)
	s.db = sql.OpenDB(conn)
	if s.counter, err = newStmtCounter(); err != nil {
		s.db.Close()
		return err
	}
	if s.tables, err = s.tableNames(ctx); err != nil {
		s.Close()
		return err
	}
	return nil
}

// lockDown attaches the file read-only on a first connection, then
// switches external access off and locks the configuration: from then on
// no SQL on this instance can attach, read or write a file, or change a
// setting.
func lockDown(ctx context.Context, c *duckdb.Connector, abs, catalog string) error {
	dc, err := c.Connect(ctx)
	if err != nil {
		return err
	}
	defer dc.Close()
	ex := dc.(driver.ExecerContext)
	steps := []string{
		fmt.Sprintf("ATTACH %s AS %s (READ_ONLY)", quoteString(abs), quoteIdent(catalog)),
		"SET temp_directory = ''", // no spilling: a sandbox writes no file
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	}
	for _, q := range steps {
		if _, err := ex.ExecContext(ctx, q, nil); err != nil {
			if isLockError(err) {
				return fmt.Errorf("%w: %v", ErrLocked, err)
			}
			return fmt.Errorf("%s: %w", strings.Fields(q)[0], err)
		}
	}
	return nil
}

// tableNames lists the warehouse's tables and views: the only names a user
// query may read from.
func (s *Sandbox) tableNames(ctx context.Context) (map[string]bool, error) {
	t, err := s.Query(ctx, 0, `SELECT table_name FROM duckdb_tables() WHERE database_name = $1
		UNION SELECT view_name FROM duckdb_views() WHERE database_name = $1 AND NOT internal`, s.catalog)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	names := map[string]bool{}
	for _, r := range t.Rows {
		if n, ok := r[0].(string); ok {
			names[strings.ToLower(n)] = true
		}
	}
	return names, nil
}

// Query runs trusted SQL (a page's named query) with args, inside the
// sandbox all the same. It implements touming.Querier.
func (s *Sandbox) Query(ctx context.Context, maxRows int, query string, args ...any) (*touming.Table, error) {
	return queryTable(ctx, s.db, maxRows, query, args...)
}

var _ touming.Querier = (*Sandbox)(nil)
var _ touming.UserSQL = (*Sandbox)(nil)

// Path is the file the sandbox reads.
func (s *Sandbox) Path() string { return s.path }

// Close closes the instance, releasing the file.
func (s *Sandbox) Close() error {
	var errs []error
	if s.counter != nil {
		s.counter.close()
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sandbox %s: %w", s.path, err)
	}
	return nil
}
