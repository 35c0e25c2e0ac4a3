package form

import (
	"math"
	"strings"

	"github.com/touming/touming"

	"github.com/touming/touming/extract/sheet"
)

// sink collects the cells read into canonical fields. The first reading of
// a key wins: a table printed twice does not overwrite itself.
type sink struct {
	m      *model
	values map[string]*float64
	cells  []touming.Cell
	missed map[string]string // table → its first row that matched no row of the form
	rows3  []rowSpec         // the rows of table 三 as printed
}

func newSink(m *model) *sink {
	return &sink{m: m, values: make(map[string]*float64, 208), cells: make([]touming.Cell, 0, 208)}
}

// put records the cell p as the field key. yuanCol says the column header
// prints amounts in 元, so that they are converted to 万元.
func (s *sink) put(key, table string, p piece, row int, rowLabel, colLabel string, yuanCol bool) {
	if _, dup := s.values[key]; dup {
		return
	}
	f, ok := s.m.byKey[key]
	if !ok {
		return
	}
	v := p.value()
	if rowLabel == "" {
		rowLabel = f.Row // printed without a label of its own (table 四's one row)
	}
	if !sheet.HasHan(colLabel) {
		colLabel = f.Column // the header was matched, not kept: say what it named
	}
	c := touming.Cell{Key: key, Raw: p.Raw, Class: v.Class, Table: table, Row: row, Col: p.Col, RowLabel: rowLabel, ColLabel: colLabel}
	if v.Class == touming.ClassNumber || v.Class == touming.ClassZero {
		x := v.Num
		if f.Kind == touming.KindAmount && (v.Yuan || (yuanCol && !v.Wan)) {
			x = math.Round(x/10000*1e6) / 1e6 // 元 to 万元, without float noise
		}
		c.Value = touming.Float(x)
	}
	s.values[key] = c.Value
	s.cells = append(s.cells, c)
}

// yuan reports whether a column header names 元 rather than 万元.
func yuan(header string) bool {
	return strings.Contains(header, "元") && !strings.Contains(header, "万元")
}

// filled counts the keys that got a value.
func (s *sink) filled() int { return touming.NonNull(s.values) }
