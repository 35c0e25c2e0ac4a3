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

// DocumentsOf returns what Documents does for the given sources only:
// what a crawl pass over them loads at its start. A pass over one county
// does not read the nation's documents into memory.
func (db *DB) DocumentsOf(ctx context.Context, sourceIDs []string) ([]touming.Document, error) {
	if len(sourceIDs) == 0 {
		return nil, nil
	}
	return db.documents(ctx, `SELECT `+documentColumns+` FROM documents WHERE source_id IN (SELECT unnest(?::VARCHAR[]))
		QUALIFY row_number() OVER (PARTITION BY url, source_id ORDER BY id DESC) = 1 ORDER BY id`, sourceIDs)
}

// DocumentsAt returns what Documents does for the given URLs only, found
// by their keys (lookup_keys): what touming load checks its files against.
func (db *DB) DocumentsAt(ctx context.Context, urls []string) ([]touming.Document, error) {
	if len(urls) == 0 {
		return nil, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("list documents in %s: %w", db.path, err)
	}
	defer conn.Close()
	ids, err := idsByKey(ctx, conn, keyDocURL, urls)
	if err != nil {
		return nil, fmt.Errorf("list documents in %s: %w", db.path, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return db.documents(ctx, `SELECT `+documentColumns+` FROM documents
		WHERE id IN (SELECT unnest(`+idArray(ids)+`)) AND url IN (SELECT unnest(?::VARCHAR[]))
		QUALIFY row_number() OVER (PARTITION BY url, coalesce(source_id, '') ORDER BY id DESC) = 1 ORDER BY id`, urls)
}

// Archived returns every recorded document that has content (a SHA-256),
// oldest first, with its ID: what touming reextract re-reads from the
// archive and writes back as Items with Document.ID set.
func (db *DB) Archived(ctx context.Context) ([]touming.Document, error) {
	return db.documents(ctx, `SELECT `+documentColumns+` FROM documents WHERE sha256 IS NOT NULL ORDER BY id`)
}

func (db *DB) documents(ctx context.Context, query string, args ...any) ([]touming.Document, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
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
