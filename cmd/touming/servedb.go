package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// sharedDB is the warehouse as `touming serve` holds it: open through the
// sandbox (warehouse.Sandbox: its own DuckDB instance, the file attached
// read-only, no external access, settings locked) for the pages and the
// SQL page, and closed around each batch a scheduled crawl writes. DuckDB lets a process
// write a file only when no handle has it open read-only, in this process
// or another; so serve, the file's one owner while it runs, swaps its
// handle rather than keeping two.
type sharedDB struct {
	mu   sync.RWMutex // readers: queries; writer: a batch
	path string
	opts warehouse.SandboxOptions
	db   *warehouse.Sandbox
	// version counts the writes through withWriter (charts.Versioned):
	// pages cache figures until it moves.
	version atomic.Uint64
}

// openShared opens path for serve. A missing file is created (and an old
// one migrated) by a brief read-write open first, so that a fresh install
// shows empty pages rather than an error.
func openShared(ctx context.Context, path string, opts warehouse.SandboxOptions) (*sharedDB, error) {
	if err := migrateIfFree(ctx, path); err != nil {
		return nil, err
	}
	opts.LockWait = 30 * time.Second
	db, err := warehouse.OpenSandbox(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	opts.LockWait = time.Minute
	return &sharedDB{path: path, opts: opts, db: db}, nil
}

// migrateIfFree creates or migrates the warehouse unless another process
// holds it (a crawl writing a batch): then it is already set up.
func migrateIfFree(ctx context.Context, path string) error {
	_, statErr := os.Stat(path)
	wait := time.Duration(0)
	if statErr != nil {
		wait = 30 * time.Second // it must be created, so wait for the lock
	}
	db, err := warehouse.Open(ctx, path, warehouse.Options{LockWait: wait})
	if errors.Is(err, warehouse.ErrLocked) && statErr == nil {
		return nil
	}
	if err != nil {
		return err
	}
	return db.Close()
}

// Version implements charts.Versioned: it moves after every write.
func (s *sharedDB) Version() uint64 { return s.version.Load() }

// RunUser implements touming.UserSQL in the sandbox.
func (s *sharedDB) RunUser(ctx context.Context, q string, sink touming.RowSink) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return fmt.Errorf("the warehouse %s could not be reopened after the last crawl batch; restart touming serve", s.path)
	}
	return s.db.RunUser(ctx, q, sink)
}

// Query implements touming.Querier in the sandbox.
func (s *sharedDB) Query(ctx context.Context, maxRows int, sql string, args ...any) (*touming.Table, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return nil, fmt.Errorf("the warehouse %s could not be reopened after the last crawl batch; restart touming serve", s.path)
	}
	return s.db.Query(ctx, maxRows, sql, args...)
}

// Stream runs a page's own query and sends its rows as they are read (the
// browse pages' full downloads); the read lock keeps a crawl batch from
// closing the handle under it.
func (s *sharedDB) Stream(ctx context.Context, q string, sink touming.RowSink) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return fmt.Errorf("the warehouse %s is not open", s.path)
	}
	return s.db.Stream(ctx, q, sink)
}

// Export writes every table and view to dir (the pages' whole-dataset
// download): CSV with a BOM, since it is meant for Excel. The sandbox
// writes no file, so this goes through a plain read-only open beside it,
// held only while the export runs; the read lock keeps a crawl batch out
// meanwhile.
func (s *sharedDB) Export(ctx context.Context, dir, format string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	db, err := warehouse.Open(ctx, s.path, warehouse.Options{ReadOnly: true, LockWait: 30 * time.Second})
	if err != nil {
		return err
	}
	_, err = db.ExportWith(ctx, dir, warehouse.ExportOptions{Format: format, BOM: format == warehouse.FormatCSV})
	return errors.Join(err, db.Close())
}

// Write stores one batch through a read-write handle (see withWriter).
func (s *sharedDB) Write(ctx context.Context, items []warehouse.Item) (warehouse.Stats, error) {
	var st warehouse.Stats
	err := s.withWriter(ctx, func(db *warehouse.DB) error {
		var err error
		st, err = writeBatch(ctx, db, items)
		return err
	})
	return st, err
}

// UpsertSources records the sources of a scheduled pass.
func (s *sharedDB) UpsertSources(ctx context.Context, src []touming.Source) error {
	return s.withWriter(ctx, func(db *warehouse.DB) error { return db.UpsertSources(ctx, src) })
}

// Documents returns what the warehouse holds of the sources, for a pass's
// conditional requests.
// They are read on a plain open, between the sandbox's, as a batch is
// written: the sandbox runs SQL only.
func (s *sharedDB) Documents(ctx context.Context, sources []touming.Source) ([]touming.Document, error) {
	var docs []touming.Document
	err := s.withWriter(ctx, func(db *warehouse.DB) error {
		var err error
		docs, err = db.DocumentsOf(ctx, sourceIDs(sources))
		return err
	})
	return docs, err
}

// LastDiscoveries returns each source's latest discovery, read on a plain
// open like Documents.
func (s *sharedDB) LastDiscoveries(ctx context.Context) (map[string]touming.Discovery, error) {
	var out map[string]touming.Discovery
	err := s.withWriter(ctx, func(db *warehouse.DB) error {
		var err error
		out, err = db.LastDiscoveries(ctx)
		return err
	})
	return out, err
}

// RecordDiscoveries stores a scheduled pass's findings.
func (s *sharedDB) RecordDiscoveries(ctx context.Context, ds []touming.Discovery) error {
	return s.withWriter(ctx, func(db *warehouse.DB) error { return db.RecordDiscoveries(ctx, ds) })
}

// withWriter closes the sandbox, runs fn on a read-write open, closes that
// and reopens the sandbox. Queries wait meanwhile; a batch is
// short.
func (s *sharedDB) withWriter(ctx context.Context, fn func(*warehouse.DB) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil {
		if err := s.db.Close(); err != nil {
			return err
		}
		s.db = nil
	}
	err := writeOnce(ctx, s.path, fn)
	s.version.Add(1) // even a failed write may have committed part of a pass
	// Reopen even if the write failed (or ctx ended): the pages go on.
	db, rerr := warehouse.OpenSandbox(context.WithoutCancel(ctx), s.path, s.opts)
	if rerr == nil {
		s.db = db
	}
	return errors.Join(err, rerr)
}

// writeOnce opens path read-write (waiting for another writer), runs fn and
// closes it.
// readOnce opens the warehouse at path read-only for fn (a method expression such as
// (*warehouse.DB).Documents) and closes it again.
// A file that does not exist yet reads as fn's zero value: a crawl or load
// into a new warehouse starts with nothing stored.
func readOnce[T any](ctx context.Context, path string, fn func(*warehouse.DB, context.Context) (T, error)) (T, error) {
	var zero T
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return zero, nil
	}
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true, LockWait: time.Minute})
	if err != nil {
		return zero, err
	}
	defer db.Close()
	return fn(db, ctx)
}

func writeOnce(ctx context.Context, path string, fn func(*warehouse.DB) error) error {
	db, err := warehouse.Open(ctx, path, warehouse.Options{LockWait: time.Minute})
	if err != nil {
		return err
	}
	return errors.Join(fn(db), db.Close())
}

// passStore gives a scheduled crawl pass this handle.
func (s *sharedDB) passStore() passStore {
	return passStore{documents: s.Documents, sources: s.UpsertSources, write: s.Write,
		discovery: discoveryStore{last: s.LastDiscoveries, record: s.RecordDiscoveries},
		recordRun: func(ctx context.Context, rows []touming.RunStats) error {
			return s.withWriter(ctx, func(db *warehouse.DB) error { return db.RecordRun(ctx, rows) })
		}}
}

// Close closes the handle.
func (s *sharedDB) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}
