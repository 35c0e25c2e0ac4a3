package warehouse

import (
	"database/sql"
	"database/sql/driver"
	"fmt"

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
