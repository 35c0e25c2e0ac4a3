package warehouse

import (
	"database/sql/driver"
	"time"
)

// The row functions give the column values of each table, in its column
// order (migrations/001_schema.sql), as the Appender wants them: nil for
// NULL.

func (rs *rows) docValues(i int, v []driver.Value) []driver.Value {
	r := rs.docs[i]
	d := r.doc
	return append(v, r.id, d.URL, nullString(d.FinalURL), nullTime(d.FetchedAt), nullString(d.ContentType),
		nullString(d.SHA256), d.Size, nullInt32(d.HTTPStatus), nullString(d.ETag), nullString(d.LastMod),
		d.Status, nullString(d.Error), nullString(d.SourceID), nullString(d.Title), nullString(d.Parent),
		nullInt64(r.reportID), r.loadedAt)
}

func (rs *rows) reportValues(i int, v []driver.Value) []driver.Value {
	r := rs.reports[i]
	m := r.report.Meta
	return append(v, r.ref.id, r.docID, nullString(r.sourceID), r.ref.url, nullString(m.Agency),
		nullString(r.regionCode), nullString(r.regionName), nullYear(m.Year), string(r.report.Template),
		nullString(m.Title), nullString(m.Published), int32(r.ref.version), r.ref.latest,
		nullString(r.fingerprint), r.loadedAt,
		// migration 004: url_latest, agency_id, alternative_of (settled later)
		r.ref.latest, nullInt64(r.agencyID), nil)
}

func (rs *rows) labelValues(i int, v []driver.Value) []driver.Value {
	r := rs.labels[i]
	return append(v, r.reportID, nullString(r.table), r.axis, int32(r.idx), r.label)
}

func (rs *rows) fieldValues(i int, v []driver.Value) []driver.Value {
	return append(v, rs.fields[i].id, rs.fields[i].key)
}

func (rs *rows) checkValues(i int, v []driver.Value) []driver.Value {
	r := rs.checks[i]
	c := r.check
	cells := make([]any, len(c.Cells))
	for j, k := range c.Cells {
		cells[j] = k
	}
	return append(v, r.reportID, c.Rule, nullString(c.Subject), c.OK, nullFloat(c.Expected),
		nullFloat(c.Actual), cells, nullString(c.Message))
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nullInt64(n int64) driver.Value {
	if n == 0 {
		return nil
	}
	return n
}

func nullInt32(n int) driver.Value {
	if n == 0 {
		return nil
	}
	return int32(n)
}

// nullYear is the year, or NULL when the report did not say.
func nullYear(y int) driver.Value { return nullInt32(y) }

func nullFloat(p *float64) driver.Value {
	if p == nil {
		return nil
	}
	return *p
}
