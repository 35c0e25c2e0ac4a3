package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// classifierVersion changes when classifyAgency's rules change, so that
// warehouses re-place their agencies on the next read-write open.
const classifierVersion = "1"

// refreshAgencies links every report to its agency when the warehouse was
// written before agencies existed (migration 004), or re-places them when
// the department dictionary, the region list or the rules changed. An
// agency whose key is unchanged keeps its id. Then the one-report rule is
// applied to every agency-year.
func (db *DB) refreshAgencies(ctx context.Context) error {
	h := sha256.Sum256([]byte(classifierVersion + "\x00" + departmentsTSV + "\x00" + regionsTSV))
	sum := hex.EncodeToString(h[:])
	var have string
	err := db.sql.QueryRowContext(ctx, `SELECT hash FROM catalog WHERE name = 'agencies'`).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("agencies: %w", err)
	}
	// Every report written since migration 004 got its agency when it was
	// written; only older ones (url_latest null) and a changed dictionary
	// need the pass over every report. The pass that recorded sum linked
	// every report then, so an open that finds it does not count them (a
	// scan of every report on every open).
	if have == sum {
		return nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("agencies: %w", err)
	}
	defer conn.Close()
	if err := db.replaceAgencies(ctx, conn, sum); err != nil {
		return fmt.Errorf("agencies: %w", err)
	}
	return nil
}

// replaceAgencies re-places every report in one transaction.
func (db *DB) replaceAgencies(ctx context.Context, conn *sql.Conn, sum string) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	// Reports written before migration 004: latest meant the newest at
	// the URL then.
	if _, err := conn.ExecContext(ctx, `UPDATE reports SET url_latest = latest WHERE url_latest IS NULL`); err != nil {
		return err
	}
	ag, err := db.loadAgencies(ctx, conn)
	if err != nil {
		return err
	}
	var ids, agencyIDs []any
	var codes, names []any
	err = each(ctx, conn, `SELECT r.id, coalesce(s.region_code, ''), coalesce(r.agency, ''), coalesce(r.agency_id, 0),
			coalesce(r.region_code, ''), coalesce(r.region_name, '')
		FROM reports r LEFT JOIN sources s ON s.id = r.source_id`, nil, func(rows *sql.Rows) error {
		var id, cur int64
		var src, agency, code, name string
		if err := rows.Scan(&id, &src, &agency, &cur, &code, &name); err != nil {
			return err
		}
		a, c, n := ag.place(src, agency)
		if a != cur || c != code || n != name {
			ids, agencyIDs, codes, names = append(ids, id), append(agencyIDs, a), append(codes, c), append(names, n)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read reports: %w", err)
	}
	if err := ag.appendNew(conn); err != nil {
		return err
	}
	if len(ids) > 0 {
		if _, err := conn.ExecContext(ctx, `UPDATE reports SET agency_id = nullif(m.a, 0),
				region_code = nullif(m.c, ''), region_name = nullif(m.n, '')
			FROM (SELECT unnest(?::BIGINT[]) AS id, unnest(?::BIGINT[]) AS a, unnest(?::VARCHAR[]) AS c,
				unnest(?::VARCHAR[]) AS n) m
			WHERE reports.id = m.id`, ids, agencyIDs, codes, names); err != nil {
			return fmt.Errorf("link reports to agencies: %w", err)
		}
	}
	if err := settle(ctx, conn, nil, true); err != nil {
		return err
	}
	if err := rebuildDerived(ctx, conn); err != nil { // derived.go: every agency-year chose again
		return err
	}
	if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO catalog VALUES ('agencies', ?)`, sum); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}
