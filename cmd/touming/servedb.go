package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// sharedDB is the warehouse as `touming serve` holds it: open read-only for
// the pages (so that the SQL page runs on a read-only connection), and
// closed around each batch a scheduled crawl writes. DuckDB lets a process
// write a file only when no handle has it open read-only, in this process
// or another; so serve, the file's one owner while it runs, swaps its
// handle rather than keeping two.
type sharedDB struct {
	mu   sync.RWMutex // readers: queries; writer: a batch
	path string
	db   *warehouse.DB
}

// openShared opens path for serve. A missing file is created (and an old
// one migrated) by a brief read-write open first, so that a fresh install
// shows empty pages rather than an error.
func openShared(ctx context.Context, path string) (*sharedDB, error) {
	if err := migrateIfFree(ctx, path); err != nil {
		return nil, err
	}
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true, LockWait: 30 * time.Second})
	if err != nil {
		return nil, err
	}
	return &sharedDB{path: path, db: db}, nil
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

// Query implements touming.Querier on the read-only handle.
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
// download): CSV with a BOM, since it is meant for Excel.
func (s *sharedDB) Export(ctx context.Context, dir, format string) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return fmt.Errorf("the warehouse %s is not open", s.path)
	}
	_, err := s.db.ExportWith(ctx, dir, warehouse.ExportOptions{Format: format, BOM: format == warehouse.FormatCSV})
	return err
}

// Write stores one batch through a read-write handle (see withWriter).
func (s *sharedDB) Write(ctx context.Context, items []warehouse.Item) (warehouse.Stats, error) {
	var st warehouse.Stats
	err := s.withWriter(ctx, func(db *warehouse.DB) error {
		var err error
		st, err = db.Write(ctx, items)
		return err
	})
	return st, err
}

// UpsertSources records the sources of a scheduled pass.
func (s *sharedDB) UpsertSources(ctx context.Context, src []touming.Source) error {
	return s.withWriter(ctx, func(db *warehouse.DB) error { return db.UpsertSources(ctx, src) })
}

// Documents returns what the warehouse holds, for a pass's conditional
// requests.
func (s *sharedDB) Documents(ctx context.Context) ([]touming.Document, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return nil, fmt.Errorf("the warehouse %s is not open", s.path)
	}
	return s.db.Documents(ctx)
}

// LastDiscoveries returns each source's latest discovery.
func (s *sharedDB) LastDiscoveries(ctx context.Context) (map[string]touming.Discovery, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return nil, fmt.Errorf("the warehouse %s is not open", s.path)
	}
	return s.db.LastDiscoveries(ctx)
}

// RecordDiscoveries stores a scheduled pass's findings.
func (s *sharedDB) RecordDiscoveries(ctx context.Context, ds []touming.Discovery) error {
	return s.withWriter(ctx, func(db *warehouse.DB) error { return db.RecordDiscoveries(ctx, ds) })
}

// withWriter closes the read-only handle, runs fn on a read-write open,
// closes that and reopens read-only. Queries wait meanwhile; a batch is
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
	// Reopen even if the write failed (or ctx ended): the pages go on.
	db, rerr := warehouse.Open(context.WithoutCancel(ctx), s.path, warehouse.Options{ReadOnly: true, LockWait: time.Minute})
	if rerr == nil {
		s.db = db
	}
	return errors.Join(err, rerr)
}

// writeOnce opens path read-write (waiting for another writer), runs fn and
// closes it.
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
		discovery: discoveryStore{last: s.LastDiscoveries, record: s.RecordDiscoveries}}
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
