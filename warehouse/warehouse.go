// Package warehouse keeps touming's dataset in DuckDB: the sources, every
// document fetched or read, each report's versions, cells and checks, and the
// views analysts query (report_values, the wide views, report_metrics).
//
// It is the only package that imports DuckDB. The schema comes from
// embedded, numbered, append-only migrations applied on a read-write open;
// the views, the field list and the region codes are derived from files
// shipped with touming and refreshed on open when they change.
//
// DuckDB allows one read-write process per file at a time. Writers should
// hold the file only while a batch is written (WriteBatch does open, write,
// close), so that analysts can open it read-only between batches.
package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	// The DuckDB driver registers itself as "duckdb".
	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/touming/touming"
)

// Options tune Open.
type Options struct {
	// ReadOnly opens the file for queries only: no migrations, and other
	// read-only processes may open it at the same time.
	ReadOnly bool
	// LockWait is how long Open keeps retrying while another process holds
	// the file's lock; 0 fails at once.
	LockWait time.Duration
}

// DB is an open warehouse. It is safe for concurrent queries; writes are
// serialised by DuckDB.
type DB struct {
	sql      *sql.DB
	path     string
	readOnly bool
	regions  *regionIndex
	// departments is the shipped department dictionary (departments.tsv).
	departments deptDict
	fields      touming.Fields
	keys        map[touming.Template][]string // each template's keys, sorted
	feeds       cellFeeds                     // batches' cell rows, for touming_cells
	// logLimit is the write-ahead log's size past which Close checkpoints
	// (log.go).
	logLimit int64
}

// ErrLocked is wrapped by Open's error when another process holds the file.
var ErrLocked = errors.New("database is locked by another process")

// Open opens (and, read-write, creates and migrates) the warehouse at path.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	regions, err := loadRegions()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("open %s: no warehouse there (run touming load first): %w", path, err)
		}
	}
	depts, err := loadDepartments()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	fields := touming.MustFields()
	db := &DB{path: path, readOnly: opts.ReadOnly, regions: regions, departments: depts, fields: fields, keys: sortedFieldKeys(fields), logLimit: logLimit}
	if !opts.ReadOnly {
		if err := create(ctx, path); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	if err := db.connect(ctx, opts.LockWait); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !opts.ReadOnly {
		if err := db.prepare(ctx); err != nil {
			db.sql.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return db, nil
}

// sortedFieldKeys lists each template's keys in sorted order.
func sortedFieldKeys(fs touming.Fields) map[touming.Template][]string {
	out := map[touming.Template][]string{}
	for _, t := range []touming.Template{touming.Template2021, touming.Template2019} {
		var ks []string
		for _, f := range fs.For(t) {
			ks = append(ks, f.Key)
		}
		sort.Strings(ks)
		out[t] = ks
	}
	return out
}

// connect opens the DuckDB file, retrying while it is locked.
func (db *DB) connect(ctx context.Context, wait time.Duration) error {
	dsn := db.path
	if db.readOnly {
		dsn += "?access_mode=read_only"
	}
	deadline := time.Now().Add(wait)
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		err := db.try(ctx, dsn)
		if err == nil || !errors.Is(err, ErrLocked) || time.Now().Add(delay).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
	}
}

func (db *DB) try(ctx context.Context, dsn string) error {
	s, err := sql.Open("duckdb", dsn)
	if err == nil {
		err = s.PingContext(ctx)
	}
	if err != nil {
		if s != nil {
			s.Close()
		}
		if isLockError(err) {
			return fmt.Errorf("%w: %v", ErrLocked, err)
		}
		return err
	}
	db.sql = s
	return nil
}

// isLockError tells DuckDB's "Could not set lock on file" from other errors;
// the driver has no typed error for it.
func isLockError(err error) bool {
	return strings.Contains(err.Error(), "Could not set lock")
}

// prepare applies migrations and refreshes the derived catalog.
func (db *DB) prepare(ctx context.Context) error {
	return runSteps(ctx, []namedStep{
		{"open log", func() error { return db.keepLog(ctx) }},
		{"open threshold", func() error { return db.setFilterThreshold(ctx) }},
		{"open migrate", func() error { return db.migrate(ctx) }},
		{"open catalog", func() error { return db.refreshCatalog(ctx) }},
		{"open agencies", func() error { return db.refreshAgencies(ctx) }},
		{"open derived", func() error { return db.fillDerived(ctx) }}, // derived.go: after migration 011
		{"open cells function", func() error { return db.registerCells(ctx) }},
	})
}

// filterThreshold is how many keys of a hash join's small side DuckDB may
// turn into an IN filter of the other side's scan, which then skips the
// row groups holding none of them (dynamic_or_filter_threshold, 50 by
// default). A batch's lookups and audit join tables of millions of rows
// with a few hundred ids; above the threshold they would read every row.
const filterThreshold = 4096

// setFilterThreshold raises the threshold for the process's instance of
// the file (the setting is global to it): a read-write open is a writer's.
func (db *DB) setFilterThreshold(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, fmt.Sprintf(`SET GLOBAL dynamic_or_filter_threshold = %d`, filterThreshold))
	return err
}

// Path is the file the DB was opened from.
func (db *DB) Path() string { return db.path }

// Close closes the database, releasing its lock. A read-write close leaves
// what was committed in the write-ahead log (log.go) unless the log has
// grown past logLimit: then it checkpoints first.
func (db *DB) Close() error {
	err := db.checkpointIfLarge(context.Background())
	if cerr := db.sql.Close(); cerr != nil {
		err = errors.Join(err, cerr)
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// WriteBatch opens the warehouse at path read-write, writes items in one
// transaction and closes it again, waiting up to a minute for the lock. A
// long crawl calls it once per batch so that analysts can read in between.
func WriteBatch(ctx context.Context, path string, items []Item) (Stats, error) {
	db, err := Open(ctx, path, Options{LockWait: time.Minute})
	if err != nil {
		return Stats{}, err
	}
	st, err := db.Write(ctx, items)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return st, err
}
