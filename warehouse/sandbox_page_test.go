package warehouse

import (
	"context"
	"testing"

	"github.com/touming/touming"
)

// pageSink takes one page, as the SQL page does.
type pageSink struct {
	tableSink
	w       touming.RowWindow
	sortBy  string
	applied bool
}

func (s *pageSink) RowWindow(cols []string) touming.RowWindow {
	w := s.w
	for i, c := range cols {
		if c == s.sortBy {
			w.Sort = i + 1
		}
	}
	return w
}

func (s *pageSink) WindowApplied() { s.applied = true }

// A sink's page reaches DuckDB: it computes the page and one row more,
// sorted by the column asked for with nulls last and ties in the query's
// order, and the column names stay the query's own.
func TestSandboxPageReachesDuckDB(t *testing.T) {
	sb := openSandbox(t)
	q := "SELECT i AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 3 END AS id, -i AS k FROM range(1000000) t(i) -- a trailing comment\n;"
	for _, c := range []struct {
		sort string
		desc bool
		want [][]any
	}{
		{"", false, [][]any{{int64(5), int64(2)}, {int64(6), int64(0)}, {int64(7), int64(1)}}},
		{"k", false, [][]any{{int64(999994), int64(1)}, {int64(999993), int64(0)}, {int64(999992), int64(2)}}},
		// ties (equal second columns) come in the query's order; nulls last
		{"id", true, [][]any{{int64(17), int64(2)}, {int64(23), int64(2)}, {int64(26), int64(2)}}},
	} {
		s := &pageSink{w: touming.RowWindow{Offset: 5, Limit: 2, Desc: c.desc}, sortBy: c.sort}
		if c.sort == "id" {
			s.w.Sort = 2 // the second id: the names are the query's own, duplicates kept
			s.sortBy = ""
		}
		if err := sb.RunUser(context.Background(), q, s); err != nil {
			t.Fatal(err)
		}
		if !s.applied || len(s.rows) != 3 {
			t.Fatalf("sort %q: applied %v, %d rows, want the page of 2 and one more", c.sort, s.applied, len(s.rows))
		}
		for i, w := range c.want {
			if s.rows[i][0] != w[0] || s.rows[i][1] != w[1] {
				t.Errorf("sort %q desc %v: row %d = %v, want %v", c.sort, c.desc, i, s.rows[i], w)
			}
		}
		if len(s.cols) != 3 || s.cols[0].Name != "id" || s.cols[1].Name != "id" {
			t.Errorf("columns = %v, want the query's id, id, k", s.cols)
		}
	}
	// What cannot be wrapped runs whole, and the sink is told so.
	d := &pageSink{w: touming.RowWindow{Limit: 2}}
	if err := sb.RunUser(context.Background(), "DESCRIBE reports", d); err != nil || d.applied || len(d.rows) < 3 {
		t.Errorf("DESCRIBE paged: %v, applied %v, %d rows", err, d.applied, len(d.rows))
	}
}
