package sheet

import (
	"strings"
	"testing"

	"github.com/touming/touming"
)

// One cell spanning two columns is one ID; two equal neighbours are two;
// a hole gets an ID of its own; ids never repeat across tables.
func TestBuilderGridIDs(t *testing.T) {
	var b Builder
	b.Para("二、主动公开政府信息情况")
	b.Grid([][]Pos{
		{{"行政许可", 1}, {"5", 2}, {"5", 2}, {"5", 3}},
		{{"行政处罚", 4}, {"0", 5}, {"", 0}, {"", 0}},
	})
	b.Grid([][]Pos{{{"总计", 1}, {"7", 2}}})
	d := b.Doc("t")
	if len(d.Lines) != 4 || d.Lines[0].Kind != KindHeading || d.Lines[3].Grid != 1 {
		t.Fatalf("lines:\n%s", d.Text())
	}
	r0, r1 := d.Lines[1].Cells, d.Lines[2].Cells
	if r0[1].ID != r0[2].ID || r0[2].ID == r0[3].ID || r1[2].ID == r1[3].ID {
		t.Errorf("ids:\n%s", d.Text())
	}
	seen := map[int]string{}
	for _, l := range d.Lines {
		for i, c := range l.Cells {
			if i > 0 && c.ID == l.Cells[i-1].ID {
				continue
			}
			if prev, dup := seen[c.ID]; dup {
				t.Errorf("id %d of %q already given to %q", c.ID, c.Raw, prev)
			}
			seen[c.ID] = c.Raw
		}
	}
	if r1[1].Value.Class != touming.ClassZero || r1[2].Value.Class != touming.ClassBlank {
		t.Errorf("values %+v", r1)
	}
	if !strings.Contains(d.Body, "行政许可\t5\t5\t") {
		t.Errorf("body %q", d.Body)
	}
}

// A table with a cell longer than MaxCell is layout: refused, nothing added.
func TestBuilderLayoutTable(t *testing.T) {
	b := Builder{MaxCell: 10}
	long := strings.Repeat("很长的正文", 10)
	if b.Grid([][]Pos{{{long, 1}}}) {
		t.Error("a layout table was taken")
	}
	if d := b.Doc(""); len(d.Lines) != 0 || d.Body != "" {
		t.Errorf("layout table left %q", d.Text())
	}
}

func TestDocText(t *testing.T) {
	d := FromLines([]string{"某县2023年政府信息公开工作年度报告", "行政许可  12  /", "\f总计|3|"})
	want := "title: 某县2023年政府信息公开工作年度报告\n" +
		"spaced 0: | 0-19 t 某县2023年政府信息公开工作年度报告\n" +
		"spaced 1: | 0-4 t 行政许可 | 6-8 n 12 | 10-11 - /\n" +
		"delimited 2 p1: | 0-3 t 总计 | 4-5 n 3 | 6-6 b \n"
	if got := d.Text(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
