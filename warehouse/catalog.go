package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/hex"
	"fmt"

	"github.com/touming/touming"
)

// viewFiles hold the analysts' views, re-created on open when they change.
//
//go:embed sql/views.sql sql/metrics.sql sql/agencies.sql sql/sources.sql
var viewFiles embed.FS

// catalogSQL is every statement that (re)creates the derived catalog: the
// views of the sql files, then the generated wide views.
func (db *DB) catalogSQL() (string, error) {
	var all string
	for _, n := range []string{"sql/views.sql", "sql/metrics.sql", "sql/agencies.sql", "sql/sources.sql"} {
		b, err := viewFiles.ReadFile(n)
		if err != nil {
			return "", err
		}
		all += string(b) + "\n"
	}
	for _, t := range []touming.Template{touming.Template2021, touming.Template2019} {
		all += wideViewSQL(db.fields, t)
	}
	audit, err := auditCatalogSQL()
	return all + audit, err
}

// refreshCatalog rewrites the fields and regions tables and re-creates the
// views when what touming ships differs from what the file holds. Views and
// reference lists are derived, not data: they follow the code without a
// migration.
func (db *DB) refreshCatalog(ctx context.Context) error {
	views, err := db.catalogSQL()
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%v\x00%s\x00%s", db.fields, regionsTSV, views)
	sum := hex.EncodeToString(h.Sum(nil))
	var have string
	err = db.sql.QueryRowContext(ctx, `SELECT hash FROM catalog WHERE name = 'derived'`).Scan(&have)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("catalog: %w", err)
	}
	if have == sum {
		return nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	defer conn.Close()
	if err := db.rebuildCatalog(ctx, conn, views, sum); err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	// Replaying the views from the log binds each again, ~1 s on every
	// open until the next checkpoint (log.go): fold them in now.
	return db.checkpoint(ctx)
}

func (db *DB) rebuildCatalog(ctx context.Context, conn *sql.Conn, views, sum string) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, `DELETE FROM fields; DELETE FROM regions`); err != nil {
		return err
	}
	if err := db.appendReference(conn); err != nil {
		return err
	}
	// Number the fields not numbered yet; ids are never reused.
	if _, err := conn.ExecContext(ctx, `INSERT INTO field_ids
		SELECT (SELECT coalesce(max(id), 0) FROM field_ids) + row_number() OVER (ORDER BY key), key
		FROM fields WHERE key NOT IN (SELECT key FROM field_ids)`); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, views); err != nil {
		return fmt.Errorf("create views: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO catalog VALUES ('derived', ?)`, sum); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// appendReference fills the fields and regions tables.
func (db *DB) appendReference(conn *sql.Conn) error {
	return conn.Raw(func(dc any) error {
		c := dc.(driver.Conn)
		fs := db.fields
		err := appendRows(c, "fields", len(fs), func(i int, v []driver.Value) []driver.Value {
			f := fs[i]
			return append(v, f.Key, f.Table, f.Template, f.Row, f.Column, f.Unit, f.Kind)
		})
		if err != nil {
			return err
		}
		rs := db.regions.list
		return appendRows(c, "regions", len(rs), func(i int, v []driver.Value) []driver.Value {
			r := rs[i]
			return append(v, r.code, r.level, r.name, nullString(r.parent))
		})
	})
}
