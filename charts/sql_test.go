package charts

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

func TestFriendlyCheck(t *testing.T) {
	for _, q := range []string{"SELECT 1", "  -- c\nWITH x AS (SELECT 1) SELECT * FROM x", "DESCRIBE reports", `SELECT "update" FROM t`, "SELEC 1"} {
		if err := friendlyCheck(q); err != nil {
			t.Errorf("friendlyCheck(%q) = %v, want nil (DuckDB judges it)", q, err)
		}
	}
	for q, want := range map[string]string{
		"":                          "empty",
		"-- nothing":                "empty",
		"DELETE FROM reports":       "DELETE is not allowed",
		"/* x */ copy t TO 'f.csv'": "COPY is not allowed",
		"ATTACH 'other.duckdb'":     "ATTACH",
		"set memory_limit = '2MB'":  "SET",
	} {
		if err := friendlyCheck(q); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("friendlyCheck(%q) = %v, want %q", q, err, want)
		}
	}
}

// FuzzFriendlyCheck: the friendly check never panics and judges a text
// the same with spaces or a comment in front.
func FuzzFriendlyCheck(f *testing.F) {
	for _, s := range []string{"SELECT 1", "COPY t TO 'x'", "SELECT $$'$$; COPY (SELECT 1) TO 'w.duckdb'; SELECT $$'$$", "/* open", "-- x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		a, b := friendlyCheck(q), friendlyCheck("\n  /* c */ "+q)
		if (a == nil) != (b == nil) {
			t.Fatalf("%q: %v, but with a comment in front: %v", q, a, b)
		}
	})
}

// userDB answers user SQL with a fixed table, honouring maxRows.
func userDB(rows int) *memDB {
	db := newMemDB()
	db.user = func(ctx context.Context, maxRows int, sql string) (*touming.Table, error) {
		t := &touming.Table{Columns: []string{"agency", "applications"}}
		for i := 0; i < rows; i++ {
			if maxRows > 0 && i == maxRows {
				t.Truncated = true
				break
			}
			var v any = float64(i)
			if i == 1 {
				v = nil
			}
			t.Rows = append(t.Rows, []any{"县" + string(rune('A'+i)), v})
		}
		return t, nil
	}
	return db
}

func TestSQLPage(t *testing.T) {
	db := userDB(3)
	s := newServer(t, db)
	q := url.QueryEscape("SELECT agency, applications FROM x")
	res, body := get(t, s, "/sql?q="+q)
	if res.StatusCode != 200 || !strings.Contains(body, ">agency</a></th>") || !strings.Contains(body, "县C") {
		t.Fatalf("status %d, body lacks the result: %s", res.StatusCode, body)
	}
	if !strings.Contains(body, "format=csv") || !strings.Contains(body, "format=json") {
		t.Error("result lacks download links")
	}
	_, body = get(t, s, "/sql?format=csv&q="+q)
	recs := readCSV(t, body)
	if len(recs) != 4 || recs[2][1] != "" || recs[3][1] != "2" {
		t.Errorf("CSV = %q, want 3 rows with the NULL empty", recs)
	}
	_, body = get(t, s, "/sql?format=json&q="+q)
	var out struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("JSON: %v\n%s", err, body)
	}
	if len(out.Rows) != 3 || out.Rows[1]["applications"] != nil || out.Rows[2]["applications"] != 2.0 {
		t.Errorf("JSON rows = %v, want null for the NULL", out.Rows)
	}
	db.user = func(ctx context.Context, maxRows int, sql string) (*touming.Table, error) {
		return tbl([]string{"r"}, []any{0.6612345678}), nil
	}
	// An analyst sees the value as stored, not rounded for a chart label.
	if _, body := get(t, s, "/sql?q="+url.QueryEscape("SELECT r FROM x")); !strings.Contains(body, `<td class="n">0.6612345678</td>`) {
		t.Error("SQL page rounds values")
	}
}

func TestSQLPageRefusesWrites(t *testing.T) {
	db := userDB(1)
	s := newServer(t, db)
	res, body := get(t, s, "/sql?q="+url.QueryEscape("DROP TABLE reports"))
	if res.StatusCode != 400 || !strings.Contains(body, "read-only") {
		t.Errorf("DROP: status %d, body %s", res.StatusCode, body)
	}
	res, body = get(t, s, "/sql?format=csv&q="+url.QueryEscape("UPDATE reports SET year = 1"))
	if res.StatusCode != 400 || !strings.Contains(body, "UPDATE") {
		t.Errorf("UPDATE as CSV: status %d, body %s", res.StatusCode, body)
	}
	if len(db.calls) != 0 {
		t.Errorf("refused statements reached the database: %q", db.calls)
	}
}

func TestSQLPageLimits(t *testing.T) {
	db := userDB(10)
	s, err := New(Config{DB: db, SQLMaxRows: 4, SQLTimeout: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, body := get(t, s, "/sql?q="+url.QueryEscape("SELECT * FROM x"))
	if !strings.Contains(body, `<tr class="cut"><td colspan="2">结果在 4 行处截断`) || strings.Contains(body, "县E") {
		t.Error("row limit: page does not say the result was cut at 4 rows")
	}
	db.user = func(ctx context.Context, maxRows int, sql string) (*touming.Table, error) {
		<-ctx.Done() // a query that runs until stopped
		return nil, ctx.Err()
	}
	res, body := get(t, s, "/sql?q="+url.QueryEscape("SELECT * FROM big"))
	if res.StatusCode != 503 || !strings.Contains(body, "time limit") {
		t.Errorf("time limit: status %d, body %s", res.StatusCode, body)
	}
	res, _ = get(t, s, "/sql?format=xml&q="+url.QueryEscape("SELECT 1"))
	if res.StatusCode != 400 {
		t.Errorf("format=xml: status %d, want 400", res.StatusCode)
	}
}
