package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// The write-ahead log. DuckDB writes each commit to path.wal and, by
// default, folds the log into the file (a checkpoint) when a read-write
// handle closes. At national scale that checkpoint costs 0.2-0.9 s
// whatever the batch changed, more than the batch itself, so a read-write
// close leaves the log (PRAGMA disable_checkpoint_on_shutdown) and the
// next open, read-only included, replays it. Close checkpoints once the
// log passes logLimit, and DuckDB itself at a commit that takes it past
// checkpoint_threshold (16 MB), so the replay each open pays stays small.
//
// A log DuckDB 1.5.6 cannot replay would make the warehouse unopenable
// after a crash, so what the log may hold is tested (log_test.go, a
// writer killed in and after a batch). One kind of statement is not
// replayable: migrations 002 and 008 change a column to an ENUM type,
// whose replay fails ("Calling DatabaseManager::GetDefaultDatabase with no
// default database set"). A new file is therefore created and migrated
// under a temporary name and appears at its path only once checkpointed
// (create), and every open that applied a migration checkpoints at once
// (migrateTo).

// logLimit is the log's size past which Close checkpoints. A 20-document
// batch logs ~0.9 MB, so a crawl checkpoints every ~9 batches; each open
// replays at most this much.
const logLimit = 8 << 20

// keepLog makes a read-write close leave the log to the next open.
func (db *DB) keepLog(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, `PRAGMA disable_checkpoint_on_shutdown`)
	return err
}

// checkpointIfLarge folds the log into the file when it is past logLimit,
// on one thread: the few row groups a crawl's batches appended to (each
// table's last) are rewritten in about the same time by one thread as by
// two, which spin waiting for each other's tasks; on a busy machine that
// took twice the CPU, and wall time with it (docs/benchmarks.md, batch7).
// The handle is closing: no query runs after it with one thread.
func (db *DB) checkpointIfLarge(ctx context.Context) error {
	if db.readOnly {
		return nil
	}
	st, err := os.Stat(db.path + ".wal")
	if errors.Is(err, fs.ErrNotExist) || (err == nil && st.Size() < db.logLimit) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := db.sql.ExecContext(ctx, `SET threads = 1`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return db.checkpoint(ctx)
}

// checkpoint folds the log into the file.
func (db *DB) checkpoint(ctx context.Context) error {
	if _, err := db.sql.ExecContext(ctx, `CHECKPOINT`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// create makes a new, migrated warehouse at path when there is none: built
// under a temporary name beside it, checkpointed and closed, then linked to
// path, which fails harmlessly if another process created it meanwhile. A
// process killed while creating leaves only the temporary file, never a
// file whose log cannot be replayed.
func create(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or not ours to judge: connect reports it
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".new-"+strconv.Itoa(os.Getpid()))
	os.Remove(tmp) // left by a killed process with this pid
	os.Remove(tmp + ".wal")
	defer os.Remove(tmp)
	defer os.Remove(tmp + ".wal")
	if err := migrateNew(ctx, tmp); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	err := os.Link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// A file system without hard links: a rename, which would replace
		// a file another process created since the check above.
		if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
			err = os.Rename(tmp, path)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create: %w", err)
	}
	return nil
}

// migrateNew creates the file at tmp with every migration, checkpointed.
func migrateNew(ctx context.Context, tmp string) error {
	s, err := sql.Open("duckdb", tmp)
	if err != nil {
		return err
	}
	db := &DB{sql: s, path: tmp}
	return errors.Join(db.migrate(ctx), s.Close()) // migrate checkpoints
}
