package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"

	"github.com/touming/touming"
)

// auditRow is a report whose audit inputs (report_audit, report_sections,
// report_tables, migration 009) a batch appends.
type auditRow struct {
	reportID int64
	report   *touming.Report
	sig      []uint32
	bands    []uint64
	chars    int
}

// newAuditRow computes what the copying rules compare of r.
func newAuditRow(id int64, r *touming.Report) auditRow {
	text := narrative(r)
	sig, bands := minhash(text)
	return auditRow{reportID: id, report: r, sig: sig, bands: bands, chars: len(text)}
}

// clearAudit removes a report's audit inputs before it is re-written,
// returning the band hashes its narrative had.
func clearAudit(ctx context.Context, conn *sql.Conn, id int64) ([]bandKey, error) {
	var old []bandKey
	err := each(ctx, conn, `SELECT band, h FROM report_bands WHERE report_id = `+strconv.FormatInt(id, 10), nil, func(r *sql.Rows) error {
		var b bandKey
		err := r.Scan(&b.band, &b.h)
		old = append(old, b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the bands of report %d: %w", id, err)
	}
	for _, t := range []string{"report_audit", "report_sections", "report_tables", "report_bands"} {
		if _, err := conn.ExecContext(ctx, `DELETE FROM `+t+` WHERE report_id = `+strconv.FormatInt(id, 10)); err != nil {
			return nil, fmt.Errorf("clear %s of report %d: %w", t, id, err)
		}
	}
	return old, nil
}

// appendAudit appends the batch's audit inputs.
func appendAudit(conn *sql.Conn, rs []auditRow) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append: unexpected driver connection %T", dc)
		}
		var secs, tabs, bands []func(v []driver.Value) []driver.Value
		for _, a := range rs {
			for i, h := range a.bands {
				bands = append(bands, func(v []driver.Value) []driver.Value {
					return append(v, a.reportID, uint8(i+1), h)
				})
			}
			for _, s := range a.report.Sections {
				secs = append(secs, func(v []driver.Value) []driver.Value {
					return append(v, a.reportID, s.Number, s.Title, s.Text)
				})
			}
			for _, t := range a.report.Tables {
				tabs = append(tabs, func(v []driver.Value) []driver.Value {
					return append(v, a.reportID, t.Table, int32(t.Rows), int32(t.Of), nullString(t.Note))
				})
			}
		}
		err := appendRows(c, "report_audit", len(rs), func(i int, v []driver.Value) []driver.Value {
			a := rs[i]
			return append(v, a.reportID, nullString(a.report.Meta.PublishedFrom), int32(a.chars), listOrNil(a.sig), listOrNil(a.bands))
		})
		if err != nil {
			return err
		}
		if err := appendRows(c, "report_sections", len(secs), func(i int, v []driver.Value) []driver.Value { return secs[i](v) }); err != nil {
			return err
		}
		if err := appendRows(c, "report_bands", len(bands), func(i int, v []driver.Value) []driver.Value { return bands[i](v) }); err != nil {
			return err
		}
		return appendRows(c, "report_tables", len(tabs), func(i int, v []driver.Value) []driver.Value { return tabs[i](v) })
	})
}

// listOrNil gives a LIST value for the appender, nil for NULL.
func listOrNil[T uint32 | uint64](xs []T) driver.Value {
	if xs == nil {
		return nil
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
