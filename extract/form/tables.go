package form

import (
	"fmt"
	"strings"

	"github.com/touming/touming"
)

// The three tables, in the order a report lists them.
var tableNames = [3]string{"二", "三", "四"}

// unplaced notes the first row of a table with numbers that matched no
// row of the form, for the report (a cut or unfamiliar table) and for the
// error when nothing could be placed.
func (s *sink) unplaced(table, label string) {
	if s.missed == nil {
		s.missed = map[string]string{}
	}
	if _, ok := s.missed[table]; !ok && label != "" {
		s.missed[table] = label
	}
}

// tablesRead tells how much of each table was read: the form's rows with
// a cell placed, of the rows the template has (table 三's as printed: the
// single （六）其他处理 row or its sub-rows). found says which tables'
// anchors the document has.
func (s *sink) tablesRead(t touming.Template, rows3 []rowSpec, found [3]bool) []touming.TableRead {
	var of [3]map[string]bool
	for i := range of {
		of[i] = map[string]bool{}
	}
	for _, sp := range s.m.active[t] {
		of[0][rowOf(sp.field)] = true
	}
	for _, sp := range rows3 {
		of[1][sp.prefix] = true
	}
	for _, g := range reviewGroups {
		of[2][g] = true
	}
	var got [3]map[string]bool
	for i := range got {
		got[i] = map[string]bool{}
	}
	for _, c := range s.cells {
		for i, n := range tableNames {
			if c.Table == n && of[i][rowOf(c.Key)] {
				got[i][rowOf(c.Key)] = true
			}
		}
	}
	out := make([]touming.TableRead, 3)
	for i, n := range tableNames {
		out[i] = touming.TableRead{Table: n, Rows: len(got[i]), Of: len(of[i])}
		out[i].Note = s.note(n, found[i], out[i])
	}
	return out
}

// note says why a table is not whole.
func (s *sink) note(table string, found bool, tr touming.TableRead) string {
	switch {
	case tr.Whole():
		return ""
	case !found:
		return "not found"
	}
	n := fmt.Sprintf("%d of %d rows read", tr.Rows, tr.Of)
	if l := s.missed[table]; l != "" {
		n += fmt.Sprintf("; first row not placed: 「%s」", l)
	}
	return n
}

// rowOf is a key's row: table 二's and 三's key without its column,
// table 四's group (review.upheld → review).
func rowOf(key string) string {
	if i := strings.LastIndexByte(key, '.'); i > 0 {
		return key[:i]
	}
	return key
}

// unplacedError explains tables that are there but of which too little
// could be placed: the table and the first row that matched no row of the
// form, so that a user can send the case in.
func (s *sink) unplacedError() error {
	for _, n := range tableNames {
		if l := s.missed[n]; l != "" {
			return fmt.Errorf("%w: table %s is printed but its rows could not be placed (first row not placed: 「%s」)", touming.ErrNoTables, n, l)
		}
	}
	return nil
}
