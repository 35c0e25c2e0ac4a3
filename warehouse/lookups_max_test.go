package warehouse

import (
	"context"
	"testing"
)

// TestMaxIDReadsFromTheCount: maxID, which reads the ids from the row
// count on, gives the max of every id, with gaps, with an id of 0 or
// below (where the count's bound fails) and on an empty table.
func TestMaxIDReadsFromTheCount(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, c := range []struct {
		ids  string
		want int64
	}{
		{"", 0},
		{"(1), (2), (3)", 3},
		{"(7), (2), (900), (5)", 900},
		{"(0), (1)", 1},
		{"(-5), (-2), (0)", 0},
		{"(-5), (-2)", -2},
	} {
		if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE max_ids (id BIGINT)`); err != nil {
			t.Fatal(err)
		}
		if c.ids != "" {
			if _, err := conn.ExecContext(ctx, `INSERT INTO max_ids VALUES `+c.ids); err != nil {
				t.Fatal(err)
			}
		}
		got, err := maxID(ctx, conn, "max_ids")
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("ids %s: max %d, want %d", c.ids, got, c.want)
		}
	}
}
