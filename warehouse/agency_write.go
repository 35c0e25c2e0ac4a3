package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// agencyRow is an agency seen for the first time in a batch.
type agencyRow struct {
	id    int64
	class agencyClass
	name  string
}

// nameRow is a name an agency is published under, first seen in a batch.
type nameRow struct {
	agencyID int64
	name     string
}

// agencies is what the warehouse holds about agencies, as a batch (or an
// upgrade) places its reports, and the rows it adds.
type agencies struct {
	db       *DB
	byKey    map[string]int64
	names    map[nameRow]bool
	maxID    int64
	added    []agencyRow
	addNames []nameRow
}

// loadAgencies reads every agency and name: a warehouse has thousands of
// bodies at most, and every report of a batch needs one.
func (db *DB) loadAgencies(ctx context.Context, q *sql.Conn) (*agencies, error) {
	a := &agencies{db: db, byKey: map[string]int64{}, names: map[nameRow]bool{}}
	err := each(ctx, q, `SELECT id, key FROM agencies`, nil, func(r *sql.Rows) error {
		var id int64
		var key string
		err := r.Scan(&id, &key)
		a.byKey[key] = id
		a.maxID = max(a.maxID, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read agencies: %w", err)
	}
	if err := a.readNames(ctx, q, `SELECT agency_id, name FROM agency_names`); err != nil {
		return nil, err
	}
	return a, nil
}

// readNames adds the (agency, name) rows query selects to a.names.
func (a *agencies) readNames(ctx context.Context, q *sql.Conn, query string) error {
	err := each(ctx, q, query, nil, func(r *sql.Rows) error {
		var n nameRow
		err := r.Scan(&n.agencyID, &n.name)
		a.names[n] = true
		return err
	})
	if err != nil {
		return fmt.Errorf("read agency names: %w", err)
	}
	return nil
}

// loadAgenciesOf reads only the agencies with the given keys and their
// names, and the highest id: what a batch needs of a national warehouse's
// hundreds of thousands of agencies. A key it does not find is a new
// agency (place adds it).
func (db *DB) loadAgenciesOf(ctx context.Context, q *sql.Conn, keys []string) (*agencies, error) {
	a := &agencies{db: db, byKey: map[string]int64{}, names: map[nameRow]bool{}}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM agencies`).Scan(&a.maxID); err != nil {
		return nil, fmt.Errorf("read agencies: %w", err)
	}
	var ids []int64
	err := each(ctx, q, `SELECT id, key FROM agencies WHERE key IN (SELECT unnest(?::VARCHAR[]))`, keys, func(r *sql.Rows) error {
		var id int64
		var key string
		err := r.Scan(&id, &key)
		a.byKey[key] = id
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read agencies: %w", err)
	}
	if len(ids) == 0 {
		return a, nil
	}
	if err := a.readNames(ctx, q, `SELECT agency_id, name FROM agency_names WHERE agency_id IN (SELECT unnest(`+idArray(ids)+`))`); err != nil {
		return nil, err
	}
	return a, nil
}

// place returns the agency a report published under name belongs to,
// adding it when it is new, with the region the report gets. id is 0 for
// a report that names no agency.
func (a *agencies) place(sourceCode, name string) (id int64, code, regionName string) {
	c, ok := a.db.classifyAgency(sourceCode, name)
	if !ok {
		code, regionName = a.db.regionOf(sourceCode, name)
		return 0, code, regionName
	}
	id, known := a.byKey[c.key]
	if !known {
		a.maxID++
		id = a.maxID
		a.byKey[c.key] = id
		a.added = append(a.added, agencyRow{id: id, class: c, name: normalizeAgency(name)})
	}
	n := nameRow{agencyID: id, name: normalizeAgency(name)}
	if !a.names[n] {
		a.names[n] = true
		a.addNames = append(a.addNames, n)
	}
	return id, c.regionCode, c.regionName
}

// appendNew appends the agencies and names first seen.
func (a *agencies) appendNew(conn *sql.Conn) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append agencies: unexpected driver connection %T", dc)
		}
		err := appendRows(c, "agencies", len(a.added), func(i int, v []driver.Value) []driver.Value {
			r := a.added[i]
			return append(v, r.id, r.class.key, r.name, nullString(r.class.regionCode), nullString(r.class.regionName),
				r.class.kind, nullString(r.class.deptType))
		})
		if err != nil {
			return err
		}
		err = appendRows(c, "agency_names", len(a.addNames), func(i int, v []driver.Value) []driver.Value {
			return append(v, a.addNames[i].agencyID, a.addNames[i].name)
		})
		a.added, a.addNames = nil, nil
		return err
	})
}
