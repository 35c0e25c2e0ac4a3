package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/touming/touming"
)

// RecordDiscoveries stores what a pass found out about each source: a row
// of source_discovery per source, and each column URL's first and last
// sighting in source_columns. Earlier rows are kept.
func (db *DB) RecordDiscoveries(ctx context.Context, ds []touming.Discovery) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record discovery in %s: %w", db.path, err)
	}
	defer tx.Rollback()
	for _, d := range ds {
		if err := recordDiscovery(ctx, tx, d); err != nil {
			return fmt.Errorf("record discovery of %s in %s: %w", d.SourceID, db.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record discovery in %s: %w", db.path, err)
	}
	return nil
}

func recordDiscovery(ctx context.Context, tx *sql.Tx, d touming.Discovery) error {
	at := d.CheckedAt.UTC()
	var delay any
	if d.CrawlDelay > 0 {
		delay = d.CrawlDelay.Seconds()
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO source_discovery VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.SourceID, at, d.Status, nullString(d.Reason), nullString(d.Start), nullString(d.Home), nullString(d.Title),
		nullString(d.TitleNames), nullString(d.CMS), delay, list(d.Columns), list(d.Previous)); err != nil {
		return err
	}
	for _, u := range d.Columns {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_columns VALUES (?, ?, ?, ?)
			ON CONFLICT (source_id, url) DO UPDATE SET last_seen = greatest(last_seen, excluded.last_seen)`,
			d.SourceID, u, at, at); err != nil {
			return err
		}
	}
	return nil
}

func list(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// LastDiscoveries returns each source's latest discovery: where the next
// pass starts (its columns) and what it last knew of the portal.
func (db *DB) LastDiscoveries(ctx context.Context) (map[string]touming.Discovery, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT source_id, checked_at, status, coalesce(reason, ''),
		coalesce(start_url, ''), coalesce(home_url, ''), coalesce(title, ''), coalesce(title_names, ''),
		coalesce(cms, ''), coalesce(crawl_delay_s, 0), coalesce(columns, []), coalesce(previous, [])
		FROM source_discovery QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY checked_at DESC) = 1`)
	if err != nil {
		return nil, fmt.Errorf("read discovery in %s: %w", db.path, err)
	}
	defer rows.Close()
	out := map[string]touming.Discovery{}
	for rows.Next() {
		var d touming.Discovery
		var delay float64
		var cols, prev []any
		if err := rows.Scan(&d.SourceID, &d.CheckedAt, &d.Status, &d.Reason, &d.Start, &d.Home, &d.Title,
			&d.TitleNames, &d.CMS, &delay, &cols, &prev); err != nil {
			return nil, fmt.Errorf("read discovery in %s: %w", db.path, err)
		}
		d.CheckedAt = d.CheckedAt.UTC()
		d.CrawlDelay = time.Duration(delay * float64(time.Second))
		d.Columns, d.Previous = strs(cols), strs(prev)
		out[d.SourceID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read discovery in %s: %w", db.path, err)
	}
	return out, nil
}

func strs(vs []any) []string {
	var out []string
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
