package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/touming/touming"
)

// Item is one document to record, with the report read from it.
//
// A document already recorded with the same content (the same SHA-256 at the
// same URL) changes nothing. New content at a URL is a new document row and,
// when it holds a changed report, a new report version that becomes the
// latest. A report already recorded (the same content hash, or the same
// agency, year and values) reached under another URL is linked, not copied.
//
// When Document.ID is set, Item re-writes that recorded document instead
// (touming reextract): its status and error, and its report in place. A
// failed re-extraction keeps the report already stored.
type Item struct {
	Document touming.Document
	// Report is what extraction read, or nil when it failed; then
	// Document.Status and Error say why.
	Report *touming.Report
}

// Stats counts what a Write did.
type Stats struct {
	Documents  int // document rows added
	Unchanged  int // documents already recorded with this content
	Reports    int // report versions added
	Duplicates int // documents holding a report already recorded
	Replaced   int // reports re-written in place (Item.Document.ID set)
	Failed     int // documents recorded without a report
	Cells      int // cells written
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Documents += o.Documents
	s.Unchanged += o.Unchanged
	s.Reports += o.Reports
	s.Duplicates += o.Duplicates
	s.Replaced += o.Replaced
	s.Failed += o.Failed
	s.Cells += o.Cells
}

// Write records batch in one transaction: all of it or, on error, none.
func (db *DB) Write(ctx context.Context, batch []Item) (Stats, error) {
	if db.readOnly {
		return Stats{}, fmt.Errorf("write to %s: opened read-only", db.path)
	}
	if err := validate(batch); err != nil {
		return Stats{}, fmt.Errorf("write to %s: %w", db.path, err)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("write to %s: %w", db.path, err)
	}
	defer conn.Close()
	st, err := db.writeTx(ctx, conn, batch)
	if err != nil {
		return Stats{}, fmt.Errorf("write to %s: %w", db.path, err)
	}
	return st, nil
}

// writeTx runs the batch inside BEGIN … COMMIT on one connection, so that
// the appenders take part in the transaction.
func (db *DB) writeTx(ctx context.Context, conn *sql.Conn, batch []Item) (Stats, error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return Stats{}, err
	}
	w := &writer{db: db, conn: conn, now: time.Now().UTC()}
	err := w.run(ctx, batch)
	if err == nil {
		done := step(ctx, "commit")
		_, err = conn.ExecContext(ctx, "COMMIT")
		done()
	}
	if err != nil {
		// The context may be what failed: roll back regardless of it.
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return Stats{}, errors.Join(err, rerr)
	}
	return w.st, nil
}

// validate rejects items that cannot be recorded, naming them.
func validate(batch []Item) error {
	for i, it := range batch {
		if it.Document.URL == "" && it.Document.ID == 0 {
			return fmt.Errorf("item %d: document has no URL", i)
		}
		if it.Report == nil {
			continue
		}
		if err := validReport(it.Report); err != nil {
			return fmt.Errorf("item %d (%s): %w", i, it.Document.URL, err)
		}
	}
	return nil
}

// knownCell reports whether c's class and table are in the vocabularies of
// cells.class and cells.table (migrations 002 and 008).
func knownCell(c touming.Cell) bool {
	switch c.Class {
	case touming.ClassNumber, touming.ClassZero, touming.ClassBlank, touming.ClassDash, touming.ClassText, touming.ClassOCRUnsure:
	default:
		return false
	}
	switch c.Table {
	case "", "二", "三", "四":
		return true
	}
	return false
}

func validReport(r *touming.Report) error {
	if r.Template != touming.Template2021 && r.Template != touming.Template2019 {
		return fmt.Errorf("unknown template %q", r.Template)
	}
	for _, c := range r.Cells {
		if !knownCell(c) {
			return fmt.Errorf("cell %s (table %q, row %d, column %d): unknown class %q or table", c.Key, c.Table, c.Row, c.Col, c.Class)
		}
	}
	return nil
}
