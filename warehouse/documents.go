package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/touming/touming"
)

const documentColumns = `id, url, coalesce(final_url, ''), fetched_at, coalesce(content_type, ''),
	coalesce(sha256, ''), coalesce(size, 0), coalesce(http_status, 0), coalesce(etag, ''),
	coalesce(last_modified, ''), status, coalesce(error, ''), coalesce(source_id, ''),
	coalesce(title, ''), coalesce(parent, '')`

// Documents returns the latest state of every URL recorded, for each
// source that fetched it: what a crawl loads at its start to send
// conditional requests and skip unchanged reports.
func (db *DB) Documents(ctx context.Context) ([]touming.Document, error) {
	return db.documents(ctx, `SELECT `+documentColumns+` FROM documents
		QUALIFY row_number() OVER (PARTITION BY url, coalesce(source_id, '') ORDER BY id DESC) = 1 ORDER BY id`)
}

// Archived returns every recorded document that has content (a SHA-256),
// oldest first, with its ID: what touming reextract re-reads from the
// archive and writes back as Items with Document.ID set.
func (db *DB) Archived(ctx context.Context) ([]touming.Document, error) {
	return db.documents(ctx, `SELECT `+documentColumns+` FROM documents WHERE sha256 IS NOT NULL ORDER BY id`)
}

func (db *DB) documents(ctx context.Context, query string) ([]touming.Document, error) {
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list documents in %s: %w", db.path, err)
	}
	defer rows.Close()
	var out []touming.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("list documents in %s: %w", db.path, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list documents in %s: %w", db.path, err)
	}
	return out, nil
}

func scanDocument(rows *sql.Rows) (touming.Document, error) {
	var d touming.Document
	var fetched sql.NullTime
	err := rows.Scan(&d.ID, &d.URL, &d.FinalURL, &fetched, &d.ContentType, &d.SHA256, &d.Size, &d.HTTPStatus,
		&d.ETag, &d.LastMod, &d.Status, &d.Error, &d.SourceID, &d.Title, &d.Parent)
	if fetched.Valid {
		d.FetchedAt = fetched.Time.UTC()
	}
	return d, err
}

// UpsertSources records the sources of a crawl, replacing the stored entry
// of each id; sources not named are kept.
func (db *DB) UpsertSources(ctx context.Context, sources []touming.Source) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record sources in %s: %w", db.path, err)
	}
	defer tx.Rollback()
	now := time.Now().UTC()
	for _, s := range sources {
		if s.ID == "" {
			return fmt.Errorf("record sources in %s: source %q has no id", db.path, s.Name)
		}
		start := make([]any, len(s.Start))
		for i, u := range s.Start {
			start[i] = u
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)`,
			s.ID, nullString(s.Name), nullString(s.Region), start, now); err != nil {
			return fmt.Errorf("record source %s in %s: %w", s.ID, db.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record sources in %s: %w", db.path, err)
	}
	return nil
}
