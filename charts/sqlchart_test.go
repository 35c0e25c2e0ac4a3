package charts

import (
	"net/url"
	"strings"
	"testing"
)

// A result drawn with a series column: one series per value, the x values
// as categories in the result's order, rows of the same x and series added,
// a null a gap (not 0); without one, a series per chosen y column.
func TestResultChart(t *testing.T) {
	res := tbl([]string{"year", "county", "n", "m"},
		[]any{int64(2022), "新乡县", 3.0, 1.0}, []any{int64(2022), "获嘉县", nil, 2.0},
		[]any{int64(2023), "新乡县", 4.0, nil}, []any{int64(2023), "新乡县", 1.0, nil})
	c := chartChoice(url.Values{"_x": {"year"}, "_y": {"n"}, "_series": {"county"}}, res.Columns)
	spec, err := c.spec(res)
	if err != nil {
		t.Fatal(err)
	}
	got := spec.table()
	want := [][]any{{"2022", 3.0, nil}, {"2023", 5.0, nil}}
	if len(got.Rows) != 2 || got.Columns[1] != "新乡县" || got.Columns[2] != "获嘉县" {
		t.Fatalf("chart table: %v %v", got.Columns, got.Rows)
	}
	for i, r := range want {
		for j, v := range r {
			if got.Rows[i][j] != v {
				t.Errorf("row %d col %d = %v, want %v", i, j, got.Rows[i][j], v)
			}
		}
	}
	c = chartChoice(url.Values{"_x": {"county"}, "_y": {"n", "m"}, "_kind": {"line"}}, res.Columns)
	if spec, err = c.spec(res); err != nil || len(spec.Series) != 2 || spec.Series[1].Name != "m" || len(spec.Categories) != 2 {
		t.Errorf("two y columns: %v %+v", err, spec)
	}
	if c.draw(res) == nil || !strings.Contains(string(c.Chart), `"type":"line"`) {
		t.Errorf("no line chart: %s %s", c.Note, c.Chart)
	}
	c = chartChoice(url.Values{"_x": {"nosuch"}}, res.Columns)
	if c.draw(res) != nil || !strings.Contains(c.Note, "横轴") {
		t.Errorf("unknown x: %q", c.Note)
	}
}

// The SQL page draws a chart of its result and offers the chart's CSV.
func TestSQLPageChart(t *testing.T) {
	db := userDB(3)
	s := newServer(t, db)
	q := "/sql?sql=" + url.QueryEscape("SELECT agency, applications FROM x") + "&_x=agency&_y=applications"
	_, body := get(t, s, q)
	if !strings.Contains(body, `id="result_chart"`) || !strings.Contains(body, "format=chart.csv") {
		t.Fatalf("no chart:\n%s", body)
	}
	_, csvBody := get(t, s, q+"&format=chart.csv")
	recs := readCSV(t, csvBody)
	if len(recs) != 4 || recs[0][0] != "agency" || recs[2][1] != "" || recs[3][1] != "2" {
		t.Errorf("chart CSV: %q", recs)
	}
}
