package form

import (
	"testing"
)

// TestSinkAmounts converts 元 to 万元 for amount fields only, from the
// value's own unit or from the column header's.
func TestSinkAmounts(t *testing.T) {
	s := newSink(sharedModel())
	s.put("active2019.procurement.amount", "二", mkPiece("251000元", 0, 1, 1), 0, "", "", false)
	s.put("active.fees.amount", "二", mkPiece("5000", 0, 1, 2), 0, "", "", true)
	s.put("active2019.procurement.items", "二", mkPiece("6", 0, 1, 3), 0, "", "", true)
	s.put("active2019.procurement.items", "二", mkPiece("7", 0, 1, 4), 0, "", "", false) // a second reading loses
	for k, want := range map[string]float64{"active2019.procurement.amount": 25.1, "active.fees.amount": 0.5, "active2019.procurement.items": 6} {
		if v := s.values[k]; v == nil || *v != want {
			t.Errorf("%s = %v, want %g", k, v, want)
		}
	}
	if len(s.cells) != 3 || s.cells[0].Raw != "251000元" {
		t.Errorf("cells %+v", s.cells)
	}
}
