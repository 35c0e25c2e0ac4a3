package warehouse

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// migrationFiles are the numbered schema migrations, NNN_name.sql. They are
// append-only: a committed file is never edited.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", base)
		}
		body, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations not yet recorded in schema_migrations,
// each in its own transaction with its record.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return db.migrateTo(ctx, ms)
}

// migrateTo applies the migrations of ms not yet applied.
func (db *DB) migrateTo(ctx context.Context, ms []migration) error {
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Every migration not recorded is applied, not only those above the
	// highest: numbers are handed out to work landing in any order.
	have := map[int]bool{}
	rows, err := db.sql.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrate: %w", err)
		}
		have[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var todo []migration
	for _, m := range ms {
		if !have[m.version] {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	err = db.bounded(ctx, func() error {
		for _, m := range todo {
			if err := db.apply(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// A migration's statements are not all replayable from the log
	// (log.go): fold them into the file before anything else is written.
	return db.checkpoint(ctx)
}

func (db *DB) apply(ctx context.Context, m migration) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)`, m.version, m.name); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return nil
}

// The upgrade's memory. A migration or backfill that fills a table from
// every cell (013's figures, 014's missing fields, the derived tables after
// 011) runs in one transaction over the whole warehouse: at a million
// reports 013's sort of 49.9 M figures peaked at 5.2 GB with DuckDB's
// defaults (a memory_limit of 80 % of RAM, a thread per core). The open
// runs them under upgradeLimits instead, so that DuckDB spills its sorts,
// joins and aggregates to temp_directory, beside the file, and resets
// them after.

// upgradeLimits are DuckDB's settings while an open migrates or fills:
// the memory_limit bounds DuckDB's buffers (the process's RSS adds the
// Go side and DuckDB's allocations outside them), and one thread keeps
// one thread's worth of hash tables and sort runs in memory. A read-write
// open sets neither otherwise, so they are reset to DuckDB's defaults
// after.
var upgradeLimits = []setting{{"memory_limit", "1GB"}, {"threads", "1"}}

// setting is one DuckDB setting and its value.
type setting struct{ name, value string }

// bounded runs f under upgradeLimits, with temp_directory beside the file
// (where DuckDB puts it for a file by default: it refuses to move it once
// used, so it is left there), then resets the limits, whether f failed or
// not.
func (db *DB) bounded(ctx context.Context, f func() error) error {
	for _, s := range append([]setting{{"temp_directory", db.path + ".tmp"}}, upgradeLimits...) {
		if _, err := db.sql.ExecContext(ctx, `SET GLOBAL `+s.name+` = `+quoteString(s.value)); err != nil {
			return fmt.Errorf("upgrade limits: set %s: %w", s.name, err)
		}
	}
	err := f()
	for _, s := range upgradeLimits {
		if _, rerr := db.sql.ExecContext(context.WithoutCancel(ctx), `RESET GLOBAL `+s.name); rerr != nil {
			err = errors.Join(err, fmt.Errorf("upgrade limits: reset %s: %w", s.name, rerr))
		}
	}
	return err
}
