package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/touming/touming"
)

// WriteOnce records batch like Write, under a batch id: a batch whose id
// is already recorded (delivered twice, or re-sent by a worker that
// resumed) adds nothing and returns loaded false. The id and the batch are
// committed in one transaction.
func (db *DB) WriteOnce(ctx context.Context, id, runID string, batch []Item) (st Stats, loaded bool, err error) {
	if db.readOnly {
		return Stats{}, false, fmt.Errorf("write batch %s to %s: opened read-only", id, db.path)
	}
	if err := validate(batch); err != nil {
		return Stats{}, false, fmt.Errorf("write batch %s to %s: %w", id, db.path, err)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return Stats{}, false, fmt.Errorf("write batch %s to %s: %w", id, db.path, err)
	}
	defer conn.Close()
	st, loaded, err = db.writeOnceTx(ctx, conn, id, runID, batch)
	if err != nil {
		return Stats{}, false, fmt.Errorf("write batch %s to %s: %w", id, db.path, err)
	}
	return st, loaded, nil
}

func (db *DB) writeOnceTx(ctx context.Context, conn *sql.Conn, id, runID string, batch []Item) (Stats, bool, error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return Stats{}, false, err
	}
	rollback := func(err error) (Stats, bool, error) {
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return Stats{}, false, errors.Join(err, rerr)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM batches WHERE id = ?`, id).Scan(&n); err != nil {
		return rollback(err)
	}
	if n > 0 {
		_, err := conn.ExecContext(ctx, "ROLLBACK")
		return Stats{}, false, err
	}
	now := time.Now().UTC()
	w := &writer{db: db, conn: conn, now: now}
	if err := w.run(ctx, batch); err != nil {
		return rollback(err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO batches VALUES (?, ?, ?, ?)`, id, nullString(runID), len(batch), now); err != nil {
		return rollback(err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return rollback(err)
	}
	return w.st, true, nil
}

// WriteBatchOnce opens the warehouse at path, writes the batch under its id
// (WriteOnce) and closes it again, as WriteBatch does.
func WriteBatchOnce(ctx context.Context, path, id, runID string, items []Item) (Stats, bool, error) {
	db, err := Open(ctx, path, Options{LockWait: time.Minute})
	if err != nil {
		return Stats{}, false, err
	}
	st, loaded, err := db.WriteOnce(ctx, id, runID, items)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return st, loaded, err
}

// RecordRun adds a crawl run's rows to crawl_runs: one per source and the
// run's totals (SourceID empty, stored as NULL).
func (db *DB) RecordRun(ctx context.Context, rows []touming.RunStats) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record crawl run in %s: %w", db.path, err)
	}
	defer tx.Rollback()
	for _, r := range rows {
		if err := insertRun(ctx, tx, r); err != nil {
			return fmt.Errorf("record crawl run %s in %s: %w", r.RunID, db.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record crawl run in %s: %w", db.path, err)
	}
	return nil
}

func insertRun(ctx context.Context, tx *sql.Tx, r touming.RunStats) error {
	var req, retries, bytes any
	responses := "MAP {}"
	var margs []any
	if h := r.HTTP; h != nil {
		req, retries, bytes = h.Requests, h.Retries, h.Bytes
		keys, vals := []string{}, []int64{}
		for k, v := range h.Responses {
			keys, vals = append(keys, k), append(vals, v)
		}
		responses, margs = "map(?::VARCHAR[], ?::BIGINT[])", []any{keys, vals}
	} else {
		responses = "NULL"
	}
	var fin any
	if !r.Finished.IsZero() {
		fin = r.Finished.UTC()
	}
	args := []any{r.RunID, nullString(r.SourceID), r.Started.UTC(), fin, r.FinishReason, req}
	args = append(args, margs...)
	args = append(args, retries, bytes, r.Elapsed().Seconds(), r.Pages, r.New, r.Changed, r.Unchanged, r.Failed, r.Skipped)
	_, err := tx.ExecContext(ctx, `INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, `+responses+`, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	return err
}
