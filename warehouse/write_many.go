package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// BatchSpec is one batch of WriteOnceMany: its id, the run it belongs to
// and its items.
type BatchSpec struct {
	ID, RunID string
	Items     []Item
}

// WriteOnceMany records several batches in one transaction, each under its
// id as WriteOnce does: a batch whose id is already recorded (or repeated
// within specs) adds nothing and gets loaded false. The new batches'
// items go through one writer run, so the steps paid once per transaction
// (lookups, the one-report rule, the audit, the derived tables) are paid
// once for the group: a crawl of many hosts, whose sites finish their
// batches together, waited on them batch after batch. All or nothing: on
// an error no batch is recorded. st is the sum over the new batches.
func (db *DB) WriteOnceMany(ctx context.Context, specs []BatchSpec) (loaded []bool, st Stats, err error) {
	if len(specs) == 0 {
		return nil, Stats{}, nil
	}
	what := fmt.Sprintf("write %d batches (%s ...) to %s", len(specs), specs[0].ID, db.path)
	if db.readOnly {
		return nil, Stats{}, fmt.Errorf("%s: opened read-only", what)
	}
	for _, s := range specs {
		if err := validate(s.Items); err != nil {
			return nil, Stats{}, fmt.Errorf("%s: batch %s: %w", what, s.ID, err)
		}
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("%s: %w", what, err)
	}
	defer conn.Close()
	loaded, st, err = db.writeManyTx(ctx, conn, specs)
	if err != nil {
		return nil, Stats{}, fmt.Errorf("%s: %w", what, err)
	}
	return loaded, st, nil
}

func (db *DB) writeManyTx(ctx context.Context, conn *sql.Conn, specs []BatchSpec) ([]bool, Stats, error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, Stats{}, err
	}
	rollback := func(err error) ([]bool, Stats, error) {
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return nil, Stats{}, errors.Join(err, rerr)
	}
	loaded, err := newBatches(ctx, conn, specs)
	if err != nil {
		return rollback(err)
	}
	var items []Item
	for i, s := range specs {
		if loaded[i] {
			items = append(items, s.Items...)
		}
	}
	if len(items) == 0 && !anyTrue(loaded) {
		_, err := conn.ExecContext(ctx, "ROLLBACK")
		return loaded, Stats{}, err
	}
	now := time.Now().UTC()
	w := &writer{db: db, conn: conn, now: now}
	if err := w.run(ctx, items); err != nil {
		return rollback(err)
	}
	for i, s := range specs {
		if !loaded[i] {
			continue
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO batches VALUES (?, ?, ?, ?)`, s.ID, nullString(s.RunID), len(s.Items), now); err != nil {
			return rollback(fmt.Errorf("record batch %s: %w", s.ID, err))
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return rollback(err)
	}
	return loaded, w.st, nil
}

// newBatches says for each spec whether it is to be written: its id not
// recorded yet and not an earlier spec's.
func newBatches(ctx context.Context, conn *sql.Conn, specs []BatchSpec) ([]bool, error) {
	ids := make([]string, len(specs))
	for i, s := range specs {
		ids[i] = s.ID
	}
	rows, err := conn.QueryContext(ctx, `SELECT id FROM batches WHERE id IN (SELECT unnest(?::VARCHAR[]))`, ids)
	if err != nil {
		return nil, fmt.Errorf("look up batch ids: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("look up batch ids: %w", err)
		}
		seen[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up batch ids: %w", err)
	}
	loaded := make([]bool, len(specs))
	for i, id := range ids {
		loaded[i] = !seen[id]
		seen[id] = true
	}
	return loaded, nil
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}
