package warehouse

import (
	"context"
	"fmt"
	"testing"

	"github.com/touming/touming"
)

// TestCellsStoredAsRead writes cells of every kind through touming_cells
// and reads each column back: NULLs stay NULL, an empty raw text stays "",
// a key read twice is canonical once, a value no cell holds gets its row.
func TestCellsStoredAsRead(t *testing.T) {
	db := openTemp(t)
	r := &touming.Report{Template: touming.Template2021, Meta: touming.Meta{Agency: "某县人民政府", Year: 2024},
		Values: map[string]*float64{"review.total": touming.Float(7), "review.pending": nil, "apply.total": touming.Float(3)},
		Cells: []touming.Cell{
			{Key: "review.total", Value: touming.Float(7), Raw: "7", Class: touming.ClassNumber, Table: "四", Row: 3, Col: 5, RowLabel: "行政复议", ColLabel: "总计"},
			{Key: "review.pending", Raw: "", Class: touming.ClassBlank, Table: "四", Row: 3, Col: 4},
			{Key: "review.total", Value: touming.Float(8), Raw: "8", Class: touming.ClassNumber, Row: -1, Col: -1},
		}}
	if _, err := db.Write(context.Background(), []Item{{Document: doc("https://a.gov.cn/nb.html", "a"), Report: r}}); err != nil {
		t.Fatal(err)
	}
	got := rowsOf(t, db, `SELECT key, value, raw, class, "table", "row", col, row_label, col_label, canonical FROM cells ORDER BY key, canonical DESC`)
	want := []string{
		"apply.total 3  derived <nil> <nil> <nil> <nil> <nil> true",
		"review.pending <nil>  blank 四 3 4 行政复议 <nil> true",
		"review.total 7 7 number 四 3 5 行政复议 总计 true",
		"review.total 8 8 number <nil> <nil> <nil> <nil> <nil> false",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("cells:\n%q\nwant\n%q", got, want)
	}
}

// TestCellsManyChunks writes more cell rows than one DuckDB chunk holds,
// which DuckDB's threads fill in parallel: none is lost or doubled.
func TestCellsManyChunks(t *testing.T) {
	db := openTemp(t)
	items := genReports(0, 60, counties(t))
	st, err := db.Write(context.Background(), items)
	if err != nil {
		t.Fatal(err)
	}
	var cells int
	var sum float64
	for _, it := range items {
		cells += len(it.Report.Cells)
		for _, c := range it.Report.Cells {
			if c.Value != nil {
				sum += *c.Value
			}
		}
	}
	if st.Cells != cells || cells < 5000 {
		t.Fatalf("wrote %d cells, want %d (more than two chunks)", st.Cells, cells)
	}
	got := rowsOf(t, db, `SELECT count(*), count(DISTINCT (report_id, field_id)), sum(value) FROM cell_values`)
	if want := fmt.Sprintf("%d %d %g", cells, cells, sum); got[0] != want {
		t.Fatalf("cell_values: %s, want %s", got[0], want)
	}
}

// rowsOf runs q and prints each row's values, space-separated.
func rowsOf(t *testing.T, db *DB, q string) []string {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range tb.Rows {
		s := fmt.Sprint(row...)
		if len(row) > 1 {
			s = fmt.Sprintln(row...)
			s = s[:len(s)-1]
		}
		out = append(out, s)
	}
	return out
}

// TestLabelsOncePerPlace: a grid row or column's label is kept once per
// report, near the tables' usual size and far beyond it.
func TestLabelsOncePerPlace(t *testing.T) {
	db := openTemp(t)
	var cells []touming.Cell
	values := map[string]*float64{}
	for i, key := range []string{"review.total", "review.pending", "apply.total", "apply.public"} {
		row := []int{3, 3, 300, 300}[i]
		cells = append(cells, touming.Cell{Key: key, Value: touming.Float(1), Raw: "1", Class: touming.ClassNumber,
			Table: "四", Row: row, Col: i, RowLabel: fmt.Sprint("行", row), ColLabel: fmt.Sprint("列", i)})
		values[key] = touming.Float(1)
	}
	r := &touming.Report{Template: touming.Template2021, Meta: touming.Meta{Agency: "某县人民政府", Year: 2024}, Values: values, Cells: cells}
	if _, err := db.Write(context.Background(), []Item{{Document: doc("https://a.gov.cn/nb.html", "a"), Report: r}}); err != nil {
		t.Fatal(err)
	}
	got := rowsOf(t, db, `SELECT axis, idx, label FROM grid_labels ORDER BY axis, idx`)
	want := []string{"col 0 列0", "col 1 列1", "col 2 列2", "col 3 列3", "row 3 行3", "row 300 行300"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("grid_labels: %q, want %q", got, want)
	}
}

// TestOpenTwiceWrites opens one file twice in one process, which shares
// one DuckDB instance and its catalog of functions: each DB writes its own
// cells.
func TestOpenTwiceWrites(t *testing.T) {
	ctx := context.Background()
	a := openTemp(t)
	b, err := Open(ctx, a.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cos := counties(t)
	for i, db := range []*DB{b, a} {
		if _, err := db.Write(ctx, genReports(3*i, 3, cos)); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	if got := rowsOf(t, a, `SELECT count(DISTINCT report_id) FROM cell_values`); got[0] != "6" {
		t.Fatalf("cells of %s reports, want 6", got[0])
	}
}
