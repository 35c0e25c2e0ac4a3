package warehouse

import (
	"context"
	"testing"

	"github.com/touming/touming"
)

// Table 二 prints a header over each block of rows, so one grid column holds
// 本年制发件数 for 规章 and 本年处理决定数量 for 行政许可: the cells view gives
// each cell its own column label, not the first one the column was read with.
func TestTable2ColumnLabels(t *testing.T) {
	db := openTemp(t)
	cell := func(key, label string, row int) touming.Cell {
		return touming.Cell{Key: key, Value: touming.Float(1), Raw: "1", Class: touming.ClassNumber, Table: "二", Row: row, Col: 1, RowLabel: "r", ColLabel: label}
	}
	r := &touming.Report{Template: touming.Template2021, Meta: touming.Meta{Agency: "某县人民政府", Year: 2024},
		Values: map[string]*float64{"active.rules.issued": touming.Float(1), "active.licensing.decisions": touming.Float(1), "active.fees.amount": touming.Float(1)},
		Cells: []touming.Cell{
			cell("active.rules.issued", "本年制发件数", 1),
			cell("active.licensing.decisions", "本年制发件数", 4),
			cell("active.fees.amount", "本年制发件数", 8),
		}}
	if _, err := db.Write(context.Background(), []Item{{Document: doc("https://a.gov.cn/nb.html", "a"), Report: r}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"active.rules.issued":        "本年制发件数",
		"active.licensing.decisions": "本年处理决定数量",
		"active.fees.amount":         "本年收费金额（单位：万元）",
	}
	got := rowsOf(t, db, `SELECT key, col_label FROM cells ORDER BY key`)
	if len(got) != len(want) {
		t.Fatalf("cells: %q", got)
	}
	for _, line := range got {
		var key, label string
		for i, c := range line {
			if c == ' ' {
				key, label = line[:i], line[i+1:]
				break
			}
		}
		if want[key] != label {
			t.Errorf("%s: col_label %q, want %q", key, label, want[key])
		}
	}
}
