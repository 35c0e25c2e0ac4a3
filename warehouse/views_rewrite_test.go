package warehouse

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/touming/touming"
)

// TestReportValuesRewriteUnchanged checks that report_values, rewritten to
// stream at national scale (issue 17), gives the same rows as its earlier
// text (kept in cmd/touming/testdata/sql_before) on reports with blank,
// dash and text cells, a key read twice, template fields with no cell at
// all, keys outside the template, and older versions of a report; whole
// and under the filters the pages use.
func TestReportValuesRewriteUnchanged(t *testing.T) {
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	write(t, db, oddItems(t)...)
	b, err := os.ReadFile(filepath.Join("..", "cmd", "touming", "testdata", "sql_before", "report_values.sql"))
	if err != nil {
		t.Fatal(err)
	}
	before := "(" + string(b) + ")"
	missing := count(t, db, "(SELECT * FROM "+before+" WHERE value IS NULL AND (report_id, key) NOT IN (SELECT report_id, key FROM cells WHERE canonical))")
	if missing == 0 {
		t.Fatal("the test data has no template field without a cell: the second branch is not exercised")
	}
	extra := count(t, db, "(SELECT * FROM "+before+" v JOIN fields f USING (key) WHERE f.template NOT IN ('both', v.template))")
	if extra == 0 {
		t.Fatal("the test data has no key outside its report's template")
	}
	for _, where := range []string{"", "WHERE report_id = (SELECT min(id) FROM reports WHERE latest)",
		"WHERE agency = (SELECT max(agency) FROM reports)", "WHERE year = 2021", "WHERE value IS NULL"} {
		want := sortedRows(t, db, "SELECT * FROM "+before+" "+where)
		got := sortedRows(t, db, "SELECT * FROM report_values "+where)
		if len(want) == 0 {
			t.Errorf("%q: no rows before: the case tests nothing", where)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %d rows, want %d:\n got %v\nwant %v", where, len(got), len(want), got, want)
		}
	}
}

// oddItems are reports with what real extraction leaves: blank, dash and
// text cells, a key read twice, template fields left out of Values (no
// cell at all), a key of the other template, and a second version.
func oddItems(t *testing.T) []Item {
	fields := touming.MustFields()
	mk := func(agency string, year int, tmpl touming.Template, drop int) *touming.Report {
		r := &touming.Report{Template: tmpl, Values: map[string]*float64{}}
		r.Meta.Agency, r.Meta.Year, r.Meta.Title = agency, year, fmt.Sprintf("%s%d年报告", agency, year)
		for i, f := range fields.For(tmpl) {
			if i%drop == 0 {
				continue // no cell, not in Values: a missing field row
			}
			r.Values[f.Key] = touming.Float(float64(i))
		}
		r.Cells = cellsOf(r.Values)
		for i := range r.Cells {
			switch i % 7 {
			case 1:
				r.Cells[i].Class, r.Cells[i].Value, r.Cells[i].Raw = touming.ClassDash, nil, "—"
				r.Values[r.Cells[i].Key] = nil
			case 2:
				r.Cells[i].Class, r.Cells[i].Value, r.Cells[i].Raw = touming.ClassText, nil, "见附件"
				r.Values[r.Cells[i].Key] = nil
			case 3:
				r.Cells[i].Class, r.Cells[i].Value, r.Cells[i].Raw = touming.ClassBlank, nil, ""
				r.Values[r.Cells[i].Key] = nil
			}
		}
		if len(r.Cells) > 0 { // the same key read again further down: not canonical
			r.Cells = append(r.Cells, touming.Cell{Key: r.Cells[0].Key, Value: touming.Float(99), Raw: "99", Table: "三", Row: 90, Col: 1, Class: touming.ClassNumber})
		}
		return r
	}
	other := func(tmpl touming.Template) string {
		for _, f := range fields {
			if !f.In(tmpl) {
				return f.Key
			}
		}
		t.Fatalf("no field outside template %s", tmpl)
		return ""
	}
	extra := func(r *touming.Report) {
		k := other(r.Template)
		r.Values[k] = touming.Float(7)
		r.Cells = append(r.Cells, touming.Cell{Key: k, Value: touming.Float(7), Raw: "7", Table: "三", Row: 91, Col: 1, Class: touming.ClassNumber})
	}
	a := mk("甲县人民政府", 2021, touming.Template2021, 5)
	extra(a)
	b := mk("乙县人民政府", 2019, touming.Template2019, 3)
	b2 := mk("乙县人民政府", 2019, touming.Template2019, 4) // a newer version of the same report
	c := mk("丙县人民政府", 2021, touming.Template2021, 1)  // no field of the template has a cell
	extra(c)
	return []Item{
		{Document: doc("https://example.gov.cn/a.html", "a"), Report: a},
		{Document: doc("https://example.gov.cn/b.html", "b"), Report: b},
		{Document: doc("https://example.gov.cn/b.html", "b2"), Report: b2},
		{Document: doc("https://example.gov.cn/c.html", "c"), Report: c},
	}
}
