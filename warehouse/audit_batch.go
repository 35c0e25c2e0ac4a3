package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// The temporary objects every rule file reads (see docs/audit.md):
//   - audit_scope(report_id): the latest reports whose findings are written;
//   - audit_r: the latest reports a rule may read: audit_scope's and the
//     same agencies' previous years (a batch's: yearScope), or every
//     latest report of the agencies in scope;
//   - audit_v: audit_values of the reports of audit_r;
//   - audit_peer_scope(report_id): the reports whose copying_peers finding
//     is written: for a batch, those sharing a band with a report it
//     changed, whose peers may have changed; for a chunk of touming check,
//     audit_scope;
//   - audit_ids(id, agency_id, year): the reports of audit_scope and
//     audit_peer_scope, whose findings insertFindings writes.
//
// The three first are views over temporary tables, so that one
// connection can run a batch's and a check's. A batch fills its objects
// by the ids it knows, through a semi-join with audit_scope that DuckDB
// turns into a filter of the scan (see filterThreshold), so that it reads
// only the row groups holding them: the view audit_values filtered after
// its joins read every cell of the warehouse.

// batchScope is what a batch's audit covers.
type batchScope struct {
	// clear are the reports whose findings are replaced: the touched ones
	// and the reports of the agency-years whose findings they may change.
	clear []int64
	// scope are the latest among them.
	scope []int64
	// compare are the latest reports a rule may read: scope and the
	// previous years of its agencies (audit_r).
	compare []int64
	// peers are the latest reports sharing a band with one of clear, or
	// with an old narrative a re-extraction replaced (oldBands).
	peers []int64
	// byAgency is set when the scope is every report of its agencies.
	byAgency bool
}

// bandKey is one band hash of a narrative.
type bandKey struct {
	band uint8
	h    uint64
}

// loadBatchScope finds a batch's scope and the reports sharing a band with
// it or with oldBands. A batch that re-wrote reports (oldAgencies: the
// agencies they may have left) covers every report of their agencies; one
// that only added reports or moved latest flags covers their agency-years
// and the years after (yearScope).
func loadBatchScope(ctx context.Context, conn *sql.Conn, touched, oldAgencies []int64, oldBands []bandKey) (batchScope, error) {
	var s batchScope
	var err error
	if len(oldAgencies) > 0 {
		s, err = agencyScope(ctx, conn, touched, oldAgencies)
	} else {
		s, err = yearScope(ctx, conn, touched)
	}
	if err != nil {
		return s, err
	}
	s.peers, err = bandPeers(ctx, conn, s.clear, oldBands)
	return s, err
}

// agencyScope covers the agencies of the touched reports and oldAgencies:
// every report of theirs, latest or no longer.
func agencyScope(ctx context.Context, conn *sql.Conn, touched, oldAgencies []int64) (batchScope, error) {
	var s batchScope
	agencies := append([]int64(nil), oldAgencies...)
	err := each(ctx, conn, `SELECT DISTINCT agency_id FROM reports WHERE id IN (SELECT unnest(`+idArray(touched)+`)) AND agency_id IS NOT NULL`, nil,
		func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			agencies = append(agencies, id)
			return err
		})
	if err != nil {
		return s, fmt.Errorf("agencies in scope: %w", err)
	}
	// Two filters a UNION apart: their OR read every report's id, latest
	// and agency (~20 ms at 1 M).
	err = each(ctx, conn, `SELECT id, latest FROM reports WHERE id IN (SELECT unnest(`+idArray(touched)+`))
		UNION SELECT id, latest FROM reports WHERE agency_id IN (SELECT unnest(`+idArray(agencies)+`))`, nil,
		func(r *sql.Rows) error {
			var id int64
			var latest bool
			err := r.Scan(&id, &latest)
			s.clear = append(s.clear, id)
			if latest {
				s.scope = append(s.scope, id)
			}
			return err
		})
	if err != nil {
		return s, fmt.Errorf("reports in scope: %w", err)
	}
	s.compare, s.byAgency = s.scope, true
	return s, nil
}

// agencyYear is one agency's year.
type agencyYear struct {
	agency int64
	year   int64
}

// scopeRow is a report as yearScope sorts it.
type scopeRow struct {
	id           int64
	latest       bool
	agency, year sql.NullInt64
}

// yearScope covers the touched reports, every report of their agency-years
// (the one-report rule may have moved latest among them) and of the year
// after (the rules compare a report with its agency's previous year:
// c5_carry_over, c8_table2_balance, copying, yoy_jump), and gives the
// rules the latest reports of the year before to compare with. The other
// years of the agencies keep their findings: no rule reads further. A
// batch of new reports at 1 M audited ~110 reports of ~6 years a batch
// this way ~60.
func yearScope(ctx context.Context, conn *sql.Conn, touched []int64) (batchScope, error) {
	var s batchScope
	years := map[agencyYear]bool{}
	var agencies []int64
	seen := map[int64]bool{}
	err := eachScopeRow(ctx, conn, `id IN (SELECT unnest(`+idArray(touched)+`))`, func(r scopeRow) {
		s.add(r)
		seen[r.id] = true
		if r.agency.Valid && r.year.Valid {
			years[agencyYear{r.agency.Int64, r.year.Int64}] = true
			agencies = append(agencies, r.agency.Int64)
		}
	})
	if err != nil || len(agencies) == 0 {
		s.compare = s.scope
		return s, err
	}
	err = eachScopeRow(ctx, conn, `agency_id IN (SELECT unnest(`+idArray(agencies)+`)) AND year IS NOT NULL`, func(r scopeRow) {
		ay := agencyYear{r.agency.Int64, r.year.Int64}
		switch {
		case seen[r.id]:
		case years[ay] || years[agencyYear{ay.agency, ay.year - 1}]:
			s.add(r)
		case years[agencyYear{ay.agency, ay.year + 1}] && r.latest:
			s.compare = append(s.compare, r.id)
		}
	})
	s.compare = append(s.compare, s.scope...)
	return s, err
}

// add adds a report to clear and, latest, to scope.
func (s *batchScope) add(r scopeRow) {
	s.clear = append(s.clear, r.id)
	if r.latest {
		s.scope = append(s.scope, r.id)
	}
}

// eachScopeRow calls f with each report that where selects.
func eachScopeRow(ctx context.Context, conn *sql.Conn, where string, f func(scopeRow)) error {
	err := each(ctx, conn, `SELECT id, latest, agency_id, year FROM reports WHERE `+where, nil, func(r *sql.Rows) error {
		var row scopeRow
		err := r.Scan(&row.id, &row.latest, &row.agency, &row.year)
		f(row)
		return err
	})
	if err != nil {
		return fmt.Errorf("reports in scope: %w", err)
	}
	return nil
}

// bandPeers returns the latest reports sharing a band with the reports ids
// or with one of extra.
func bandPeers(ctx context.Context, conn *sql.Conn, ids []int64, extra []bandKey) ([]int64, error) {
	bands := append([]bandKey(nil), extra...)
	err := each(ctx, conn, `SELECT band, h FROM report_bands WHERE report_id IN (SELECT unnest(`+idArray(ids)+`))`, nil, func(r *sql.Rows) error {
		var b bandKey
		err := r.Scan(&b.band, &b.h)
		bands = append(bands, b)
		return err
	})
	if err != nil || len(bands) == 0 {
		return nil, err
	}
	hs := make([]int64, len(bands))
	for i, b := range bands {
		hs[i] = int64(b.h) // below 2^63 (minhash keeps them so)
	}
	seen := map[bandKey]bool{}
	for _, b := range bands {
		seen[b] = true
	}
	var peers []int64
	picked := map[int64]bool{}
	err = each(ctx, conn, `SELECT b.report_id, b.band, b.h FROM report_bands b JOIN reports r ON r.id = b.report_id
		WHERE b.h IN (`+joinIDs(hs)+`) AND r.latest`, nil, func(r *sql.Rows) error {
		var id int64
		var b bandKey
		if err := r.Scan(&id, &b.band, &b.h); err != nil {
			return err
		}
		if seen[b] && !picked[id] {
			picked[id] = true
			peers = append(peers, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reports sharing a band: %w", err)
	}
	return peers, nil
}

// sql gives the statements that fill a batch's temporary objects and clear
// the findings it replaces.
func (s batchScope) sql() string {
	return `CREATE OR REPLACE TEMP TABLE audit_scope AS ` + idTable(s.scope) + `;
CREATE OR REPLACE TEMP TABLE audit_rt AS SELECT * FROM reports WHERE id IN (SELECT unnest(` + idArray(s.compare) + `));
CREATE OR REPLACE TEMP VIEW audit_r AS SELECT * FROM audit_rt;
CREATE OR REPLACE TEMP TABLE audit_vt AS SELECT v.report_id, r.agency_id, r.year, i.key, v.value
	FROM cell_values v JOIN field_ids i ON i.id = v.field_id JOIN audit_rt r ON r.id = v.report_id
	WHERE v.canonical AND v.report_id IN (SELECT id FROM audit_rt);
CREATE OR REPLACE TEMP VIEW audit_v AS SELECT * FROM audit_vt;
CREATE OR REPLACE TEMP TABLE audit_pt AS ` + idTable(s.peers) + `;
CREATE OR REPLACE TEMP VIEW audit_peer_scope AS SELECT * FROM audit_pt;
` + auditIDsSQL + `;
DELETE FROM findings WHERE report_id IN (SELECT unnest(` + idArray(s.clear) + `))` + s.clearPeers()
}

// clearPeers deletes the copying_peers findings of the band peers, a
// statement of its own (an OR with the first DELETE's filter read every
// finding).
func (s batchScope) clearPeers() string {
	if len(s.peers) == 0 {
		return ""
	}
	return `;
DELETE FROM findings WHERE rule = 'copying_peers' AND report_id IN (SELECT unnest(` + idArray(s.peers) + `))`
}

// auditIDsSQL fills audit_ids from audit_scope and audit_peer_scope.
const auditIDsSQL = `CREATE OR REPLACE TEMP TABLE audit_ids AS SELECT id, agency_id, year FROM reports
	WHERE id IN (SELECT report_id FROM audit_scope UNION SELECT report_id FROM audit_peer_scope)`

// idTable selects ids as one column, report_id.
func idTable(ids []int64) string {
	return `SELECT unnest(` + idArray(ids) + `) AS report_id`
}

// idArray prints ids as a BIGINT[] constant.
func idArray(ids []int64) string {
	if len(ids) == 0 {
		return `[]::BIGINT[]`
	}
	return `[` + joinIDs(ids) + `]::BIGINT[]`
}
