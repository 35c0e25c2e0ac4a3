package warehouse

import (
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/touming/touming"
)

type docRow struct {
	id       int64
	doc      touming.Document
	reportID int64
	loadedAt time.Time
}

type reportRow struct {
	ref                    *reportRef
	docID                  int64
	sourceID               string
	report                 *touming.Report
	agencyID               int64
	regionCode, regionName string
	fingerprint            string
	loadedAt               time.Time
}

// cellRow points at the cell in its report rather than copying it: a
// batch holds millions of them.
type cellRow struct {
	reportID  int64
	fieldID   int16
	cell      *touming.Cell
	value     *float64
	canonical bool
}

// labelRow is the label of one grid row or column of a report's table.
type labelRow struct {
	reportID    int64
	table, axis string
	idx         int
	label       string
}

// fieldRow is a key seen for the first time, with the id it gets.
type fieldRow struct {
	id  int16
	key string
}

type checkRow struct {
	reportID int64
	check    touming.Check
}

// rows are the rows a batch appends at its end.
type rows struct {
	fields  []fieldRow
	docs    []docRow
	reports []reportRow
	cells   []cellRow
	labels  []labelRow
	checks  []checkRow
	audit   []auditRow // migration 009 (audit_rows.go)
	keys    []keyRow   // migration 010 (lookups_keys.go)
	// seenField, touched and placed are addCells' scratch space, reused
	// report after report.
	seenField []bool
	touched   []int16
	placed    map[int64]bool
}

// newRows sizes the queues for a batch, which saves copying a million cell
// rows as they grow.
func newRows(batch []Item) rows {
	n := 0
	for _, it := range batch {
		if it.Report != nil {
			n += max(len(it.Report.Cells), len(it.Report.Values))
		}
	}
	return rows{cells: make([]cellRow, 0, n), placed: map[int64]bool{}}
}

// addCells queues a report's cells: every cell as read, the first cell of
// each key marked canonical with the report's value, and a canonical row for
// each value key that no cell holds (class "missing", or "derived" when it
// has a value); and the labels of its grid rows and columns. id gives a
// key's field id. It returns how many cells it queued.
func (rs *rows) addCells(id int64, r *touming.Report, fields touming.Fields, fieldID func(string) int16) int {
	n := len(rs.cells)
	canonical := 0
	rs.resetSeen()
	for i := range r.Cells {
		c := &r.Cells[i]
		fid := fieldID(c.Key)
		v, inValues := r.Values[c.Key]
		canon := inValues && !rs.seen(fid)
		if canon {
			canonical++
		} else {
			v = c.Value
		}
		rs.cells = append(rs.cells, cellRow{reportID: id, fieldID: fid, cell: c, value: v, canonical: canon})
		rs.addLabel(id, c.Table, "row", c.Row, c.RowLabel)
		rs.addLabel(id, c.Table, "col", c.Col, c.ColLabel)
	}
	if canonical == len(r.Values) {
		return len(rs.cells) - n
	}
	for _, k := range sortedKeys(r.Values) {
		fid := fieldID(k)
		if rs.seen(fid) {
			continue
		}
		c := &touming.Cell{Key: k, Class: "missing", Row: -1, Col: -1}
		if f, ok := fields.ByKey(k); ok {
			c.Table = f.Table
		}
		if r.Values[k] != nil {
			c.Class = "derived"
		}
		rs.cells = append(rs.cells, cellRow{reportID: id, fieldID: fid, cell: c, value: r.Values[k], canonical: true})
	}
	return len(rs.cells) - n
}

// resetSeen starts a report: no field and no grid row or column seen.
func (rs *rows) resetSeen() {
	for _, f := range rs.touched {
		rs.seenField[f] = false
	}
	rs.touched = rs.touched[:0]
	clear(rs.placed)
}

// seen reports whether the report's cells named field id already, and
// marks it named. Field ids are small: a slice beats a map of keys.
func (rs *rows) seen(id int16) bool {
	if int(id) >= len(rs.seenField) {
		rs.seenField = append(rs.seenField, make([]bool, int(id)+1-len(rs.seenField))...)
	}
	if rs.seenField[id] {
		return true
	}
	rs.seenField[id] = true
	rs.touched = append(rs.touched, id)
	return false
}

// addLabel queues the label of a grid row or column the first time the
// report's cells name it.
func (rs *rows) addLabel(id int64, table, axis string, idx int, label string) {
	if label == "" || idx < 0 {
		return
	}
	k := gridKey(table, axis, idx)
	if rs.placed[k] {
		return
	}
	rs.placed[k] = true
	rs.labels = append(rs.labels, labelRow{reportID: id, table: table, axis: axis, idx: idx, label: label})
}

// gridKey numbers a row or column of one of a report's tables.
func gridKey(table, axis string, idx int) int64 {
	var t int64 // 0 when empty
	switch table {
	case "二":
		t = 1
	case "三":
		t = 2
	case "四":
		t = 3
	}
	a := int64(0)
	if axis == "col" {
		a = 1
	}
	return (t*2+a)<<32 | int64(idx)
}

func (rs *rows) addChecks(id int64, r *touming.Report) {
	for _, c := range r.Checks {
		rs.checks = append(rs.checks, checkRow{reportID: id, check: c})
	}
}

func sortedKeys(m map[string]*float64) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// fingerprint identifies a report by what was read from it: template, year,
// agency and every value, in key order. Two documents with the same
// fingerprint hold the same report. A report with no value at all has none,
// so that two empty readings are never taken for one report. keys are the
// template's keys in order, which spares sorting the usual report's keys.
func fingerprint(r *touming.Report, keys []string) string {
	if !onlyKeys(r.Values, keys) {
		keys = sortedKeys(r.Values)
	}
	buf := fmt.Appendf(make([]byte, 0, 8192), "%s\x00%d\x00%s\x00", r.Template, r.Meta.Year, r.Meta.Agency)
	any := false
	for _, k := range keys {
		p, ok := r.Values[k]
		if !ok {
			continue
		}
		buf = append(append(buf, k...), '=')
		if p != nil {
			buf, any = strconv.AppendFloat(buf, *p, 'g', -1, 64), true
		} else {
			buf = append(buf, "null"...)
		}
		buf = append(buf, 0)
	}
	if !any {
		return ""
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// onlyKeys reports whether every key of values is among keys.
func onlyKeys(values map[string]*float64, keys []string) bool {
	n := 0
	for _, k := range keys {
		if _, ok := values[k]; ok {
			n++
		}
	}
	return n == len(values)
}

// appendAll appends the queued rows but the cells (see insertCells)
// through DuckDB's Appender, inside the connection's open transaction.
func (rs *rows) appendAll(conn *sql.Conn) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append: unexpected driver connection %T", dc)
		}
		steps := []struct {
			table string
			n     int
			row   func(i int, v []driver.Value) []driver.Value
		}{
			{"field_ids", len(rs.fields), rs.fieldValues},
			{"documents", len(rs.docs), rs.docValues},
			{"reports", len(rs.reports), rs.reportValues},
			{"grid_labels", len(rs.labels), rs.labelValues},
			{"checks", len(rs.checks), rs.checkValues},
		}
		for _, s := range steps {
			if err := appendRows(c, s.table, s.n, s.row); err != nil {
				return err
			}
		}
		return rs.appendKeys(c)
	})
}

// appendRows appends n rows to table; row fills in the values of row i. One
// value slice serves every row: AppendRow copies the values out.
func appendRows(c driver.Conn, table string, n int, row func(i int, v []driver.Value) []driver.Value) error {
	if n == 0 {
		return nil
	}
	a, err := duckdb.NewAppenderFromConn(c, "", table)
	if err != nil {
		return fmt.Errorf("append to %s: %w", table, err)
	}
	vals := make([]driver.Value, 0, 32)
	for i := range n {
		vals = row(i, vals[:0])
		if err := a.AppendRow(vals...); err != nil {
			a.Close()
			return fmt.Errorf("append to %s: %w", table, err)
		}
	}
	if err := a.Close(); err != nil {
		return fmt.Errorf("append to %s: %w", table, err)
	}
	return nil
}
