package warehouse

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// tableSink collects a streamed result.
type tableSink struct {
	cols []touming.Column
	rows [][]any
}

func (s *tableSink) Columns(c []touming.Column) error { s.cols = c; return nil }
func (s *tableSink) Row(v []any) error                { s.rows = append(s.rows, append([]any(nil), v...)); return nil }

// openSandbox writes the truth reports to a warehouse file, closes it and
// opens it through a sandbox.
func openSandbox(t testing.TB) *Sandbox {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, db, truthItems(t)...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	sb, err := OpenSandbox(context.Background(), path, SandboxOptions{MemoryLimit: "256MB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb
}

func runUser(sb *Sandbox, q string) (*tableSink, error) {
	s := &tableSink{}
	return s, sb.RunUser(context.Background(), q, s)
}

func TestSandboxRunsReadOnlyQueries(t *testing.T) {
	sb := openSandbox(t)
	for _, q := range []string{
		"SELECT count(*) FROM reports",
		"FROM report_values LIMIT 3",
		"WITH x AS (SELECT * FROM reports) SELECT count(*) FROM x",
		"DESCRIBE report_values",
		"SUMMARIZE reports",
		"SHOW TABLES",
		"TABLE sources",
		"EXPLAIN SELECT * FROM reports",
		"EXPLAIN ANALYZE SELECT count(*) FROM cells",
		"PIVOT (SELECT year, agency FROM reports) ON year IN (2021, 2022) USING count(*)",
		"SELECT * FROM range(3)",
		"SELECT $$it's$$ AS s, 'a;b' AS t;",
		"SELECT * FROM information_schema.tables",
	} {
		if _, err := runUser(sb, q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestSandboxValues(t *testing.T) {
	sb := openSandbox(t)
	s, err := runUser(sb, `SELECT TIMESTAMP '10000-01-01 00:00:00' AS far, 'infinity'::TIMESTAMP AS inf,
		'-infinity'::DATE AS ninf, '5d0b8a2c-39f6-4d55-9a4b-2f2bcd5d1e11'::UUID AS u,
		123456789012345678901234.5678::DECIMAL(38,4) AS big, 1.5::DECIMAL(5,2) AS small,
		170141183460469231731687303715884105727::HUGEINT AS huge, INTERVAL 3 DAY AS iv,
		['5d0b8a2c-39f6-4d55-9a4b-2f2bcd5d1e11'::UUID] AS us`)
	if err != nil {
		t.Fatal(err)
	}
	got := s.rows[0]
	want := []any{nil, "infinity", "-infinity", "5d0b8a2c-39f6-4d55-9a4b-2f2bcd5d1e11",
		"123456789012345678901234.5678", 1.5, "170141183460469231731687303715884105727", "P3D"}
	for i, w := range want {
		if w != nil && got[i] != w {
			t.Errorf("column %s = %#v, want %#v", s.cols[i].Name, got[i], w)
		}
	}
	if l, ok := got[8].([]any); !ok || len(l) != 1 || l[0] != want[3] {
		t.Errorf("UUID list = %#v", got[8])
	}
	if s.cols[0].Type != "TIMESTAMP" {
		t.Errorf("type of far = %q", s.cols[0].Type)
	}
}

func TestSandboxRefusesBeforeRunning(t *testing.T) {
	sb := openSandbox(t)
	for q, want := range map[string]string{
		"SELECT 1; SELECT 2":                       "one statement",
		"COPY (SELECT 1) TO 'x.csv'":               "only read-only",
		"SELECT * FROM 'x.csv'":                    "not a table of the warehouse",
		`SELECT * FROM "read_text"('/etc/passwd')`: "read_text",
		"SELEC 1":                     "syntax error",
		"SELECT * FROM memory.main.x": "not a table",
	} {
		_, err := runUser(sb, q)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", q, err, want)
		}
		if want != "syntax error" && !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v does not wrap ErrRefused", q, err)
		}
	}
}

// FuzzSandbox runs fuzzed text through RunUser: whatever it accepts or
// refuses, the warehouse file stays byte for byte the same and no file
// appears beside it.
func FuzzSandbox(f *testing.F) {
	for _, s := range []string{
		"SELECT 1", "SELECT $$'$$; COPY (SELECT 1) TO 'w.duckdb'; SELECT $$'$$",
		"EXPLAIN ANALYZE SELECT * FROM reports", "SELECT * FROM 'x.csv'", `FROM "read_text"('w.duckdb')`,
		"PIVOT reports ON year IN (2021) USING count(*)", "WITH t AS (SELECT 1) TABLE t", "DESCRIBE 'w.duckdb'",
	} {
		f.Add(s)
	}
	sb := openSandbox(f)
	dir := filepath.Dir(sb.Path())
	before, list := hashFile(f, sb.Path()), dirNames(f, dir)
	f.Fuzz(func(t *testing.T, q string) {
		runUser(sb, q)
		if hashFile(t, sb.Path()) != before {
			t.Fatalf("%q changed the warehouse file", q)
		}
		if got := dirNames(t, dir); got != list {
			t.Fatalf("%q wrote a file: %s, was %s", q, got, list)
		}
	})
}

func hashFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

func dirNames(t testing.TB, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// limitSink takes at most n rows, as the SQL page's writers do.
type limitSink struct {
	tableSink
	n int
}

func (s *limitSink) RowLimit() int { return s.n }

// A sink's row limit reaches DuckDB: it computes the limit and one row
// more, in the query's order, and the column names stay the query's own.
func TestSandboxRowLimitReachesDuckDB(t *testing.T) {
	sb := openSandbox(t)
	s := &limitSink{n: 3}
	if err := sb.RunUser(context.Background(), "SELECT i AS id, -i AS id FROM range(1000000) t(i) ORDER BY i DESC;", s); err != nil {
		t.Fatal(err)
	}
	if len(s.rows) != 4 || s.rows[0][0] != int64(999999) || s.rows[3][0] != int64(999996) {
		t.Errorf("rows = %v, want the first 4 in descending order", s.rows)
	}
	if len(s.cols) != 2 || s.cols[0].Name != "id" || s.cols[1].Name != "id" {
		t.Errorf("columns = %v, want the query's id, id", s.cols)
	}
	// What cannot be wrapped runs as it is.
	d := &limitSink{n: 2}
	if err := sb.RunUser(context.Background(), "DESCRIBE reports", d); err != nil || len(d.rows) < 3 {
		t.Errorf("DESCRIBE with a limit: %v, %d rows", err, len(d.rows))
	}
}

// The second layer: even SQL that skips RunUser's checks (a page's own
// query goes through Stream unchecked) cannot write, read a file, attach,
// change a setting or load an extension, because of the instance's
// settings alone.
func TestSandboxSettingsHoldWithoutTheChecks(t *testing.T) {
	sb := openSandbox(t)
	dir := filepath.Dir(sb.Path())
	if err := os.WriteFile(filepath.Join(dir, "secret.csv"), []byte("a\nzq_secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, list := hashFile(t, sb.Path()), dirNames(t, dir)
	for _, q := range []string{
		"COPY (SELECT 1) TO '" + sb.Path() + "'",
		"COPY (SELECT 1) TO '" + filepath.Join(dir, "out.csv") + "'",
		"EXPORT DATABASE '" + filepath.Join(dir, "export") + "'",
		"SELECT * FROM read_text('" + filepath.Join(dir, "secret.csv") + "')",
		"SELECT * FROM '" + filepath.Join(dir, "secret.csv") + "'",
		"ATTACH '" + filepath.Join(dir, "other.duckdb") + "' AS o",
		"SET memory_limit = '2MB'",
		"SET enable_external_access = true",
		"SET lock_configuration = false",
		"INSTALL httpfs",
		"LOAD httpfs",
		// Not enable_logging: with file storage it aborts the whole process when the
		// connection closes, whatever the settings; only RunUser's check stops it
		// (cmd/touming/attacks_test.go sends it).
		"CREATE TABLE reports2 AS SELECT * FROM reports",
		"DELETE FROM reports",
	} {
		if err := sb.Stream(context.Background(), q, &tableSink{}); err == nil {
			t.Errorf("%s ran in the sandbox", q)
		}
	}
	if s, err := runUser(sb, "SELECT current_setting('memory_limit') AS m"); err != nil || strings.Contains(fmt.Sprint(s.rows), "2.0 MiB") {
		t.Errorf("memory_limit after SET: %v %v", s.rows, err)
	}
	if hashFile(t, sb.Path()) != before || dirNames(t, dir) != list {
		t.Errorf("the sandbox wrote a file: %s, was %s", dirNames(t, dir), list)
	}
}

// BenchmarkSandboxRunUser is what the checks cost: a small query through
// RunUser (count, syntax tree, LIMIT wrap with its DESCRIBE, prepare) and
// the same query through the unchecked Stream.
func BenchmarkSandboxRunUser(b *testing.B) {
	sb := openSandbox(b)
	const q = "SELECT agency, year, count(*) AS n FROM report_values GROUP BY ALL ORDER BY n DESC LIMIT 10"
	b.Run("checked", func(b *testing.B) {
		for b.Loop() {
			if err := sb.RunUser(context.Background(), q, &limitSink{n: 1000}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unchecked", func(b *testing.B) {
		for b.Loop() {
			if err := sb.Stream(context.Background(), q, &tableSink{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
