package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// This file is the list of attacks on `touming serve` (issue 18): each is
// sent as a real request to a real serve on a real warehouse file, and
// after all of them the file must be byte for byte the same and no file
// may have appeared beside it or in the working directory. To extend it,
// add a line to sqlAttacks (SQL typed on the SQL page) or httpAttacks (a
// request a foreign page or a rebinding name would send). {DIR} is the
// warehouse's directory and {DB} the warehouse file.

// sqlAttacks must each be refused (status 4xx) with want in the answer.
var sqlAttacks = []struct{ name, q, want string }{
	{"dollar-quoted COPY over the warehouse", "SELECT $$'$$; COPY (SELECT 1) TO '{DB}'; SELECT $$'$$", "one statement"},
	{"tagged dollar quotes", "SELECT $t$'$t$; COPY (SELECT 1) TO '{DIR}/x.csv'; SELECT $t$'$t$", "one statement"},
	{"COPY", "COPY (SELECT 1) TO '{DIR}/out.csv'", "COPY"},
	{"EXPORT DATABASE", "EXPORT DATABASE '{DIR}/export'", "EXPORT"},
	{"ATTACH", "ATTACH '{DIR}/other.duckdb' AS o", "ATTACH"},
	{"SET memory_limit", "SET memory_limit = '2MB'", "SET"},
	{"INSTALL", "INSTALL httpfs", "INSTALL"},
	{"LOAD", "LOAD httpfs", "LOAD"},
	{"PRAGMA", "PRAGMA database_list", "PRAGMA"},
	{"temp table", "CREATE TEMP TABLE t AS SELECT 1", "CREATE"},
	{"temp table after a comment", "/* x */ create temporary table t as select 1", "CREATE"},
	{"write inside WITH", "WITH x AS (SELECT 1) INSERT INTO reports SELECT * FROM x", "only read-only"},
	{"EXPLAIN ANALYZE COPY", "EXPLAIN ANALYZE COPY (SELECT 1) TO '{DIR}/e.csv'", "only read-only"},
	{"two SELECTs", "SELECT 1; SELECT 2", "one statement"},
	{"quoted read_text", `SELECT * FROM "read_text"('/etc/passwd')`, "read_text"},
	{"read_text as a scalar call", `SELECT "read_text"('/etc/passwd')`, "read_text"},
	{"quoted read_blob", `SELECT * FROM "read_blob"('{DB}')`, "read_blob"},
	{"quoted glob", `SELECT * FROM "glob"('{DIR}/*')`, "glob"},
	{"quoted query", `SELECT * FROM "query"('SELECT 1')`, "query"},
	{"query_table", "SELECT * FROM query_table('reports')", "query_table"},
	{"schema-qualified read_csv", "SELECT * FROM main.read_csv('{DIR}/secret.csv')", "read_csv"},
	{"read_duckdb", "SELECT * FROM read_duckdb('{DB}')", "read_duckdb"},
	{"json_execute_serialized_sql", "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", "json_execute_serialized_sql"},
	{"enable_logging", "SELECT * FROM enable_logging(storage = 'file', storage_path = '{DIR}/logs')", "enable_logging"},
	{"CALL enable_logging", "CALL enable_logging(storage = 'file', storage_path = '{DIR}/logs')", "CALL"},
	{"path as a second table", "SELECT * FROM report_values, '{DIR}/secret.csv'", "not a table of the warehouse"},
	{"path as a table", "FROM '{DIR}/secret.csv'", "not a table of the warehouse"},
	{"quoted path as a table", `SELECT * FROM "{DIR}/secret.csv"`, "not a table of the warehouse"},
	{"DESCRIBE a file", "DESCRIBE '{DIR}/secret.csv'", "not a table of the warehouse"},
	{"SUMMARIZE a file", "SUMMARIZE '{DIR}/secret.csv'", "not a table of the warehouse"},
	{"TABLE a file", "TABLE '{DIR}/secret.csv'", "not a table of the warehouse"},
	{"file in a subquery", "SELECT (SELECT count(*) FROM '{DIR}/secret.csv')", "not a table of the warehouse"},
	{"the in-memory catalog", "SELECT * FROM memory.main.t", "not a table of the warehouse"},
	{"the temp catalog", "SELECT * FROM temp.main.t", "not a table of the warehouse"},
	{"getenv", "SELECT getenv('HOME')", "getenv"},
	{"nextval", "SELECT nextval('s')", "nextval"},
	{"PIVOT that creates a type", "PIVOT reports ON year USING count(*)", "statement"},
	{"a typo gets DuckDB's syntax error", "SELEC 1", "syntax error"},
}

// httpAttacks must each be refused with status.
var httpAttacks = []struct {
	name, method, path string
	header             map[string]string
	status             int
}{
	{"cross-site <img> to /sql", "GET", "/sql?format=csv&q=SELECT+1", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
	{"same-site page to /sql", "GET", "/sql?q=SELECT+1", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
	{"foreign Origin to /sql", "GET", "/sql?format=json&q=SELECT+1", map[string]string{"Origin": "http://evil.example"}, 403},
	{"null Origin to /sql", "GET", "/sql?format=json&q=SELECT+1", map[string]string{"Origin": "null"}, 403},
	{"cross-site form POST", "POST", "/sql", map[string]string{"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, 403},
	{"DNS rebinding to a page", "GET", "/", map[string]string{"Host": "evil.example:8080"}, 421},
	{"DNS rebinding to /sql", "GET", "/sql?format=json&q=SELECT+1", map[string]string{"Host": "evil.example"}, 421},
	{"cross-origin PUT anywhere", "PUT", "/report/1", map[string]string{"Origin": "http://evil.example"}, 403},
	{"cross-site DELETE", "DELETE", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
}

func TestAttacksLeaveTheWarehouseUnchanged(t *testing.T) {
	db := loadedDB(t)
	dir := filepath.Dir(db)
	if err := os.WriteFile(filepath.Join(dir, "secret.csv"), []byte("secret\nzq_secret_value\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, dirBefore, cwdBefore := fileHash(t, db), listDir(t, dir), listDir(t, ".")
	base := startServe(t, serveConfig{DB: db})
	fill := strings.NewReplacer("{DB}", db, "{DIR}", dir)
	for _, a := range sqlAttacks {
		code, body := httpGet(t, base+"/sql?format=json&q="+url.QueryEscape(fill.Replace(a.q)))
		if code < 400 || code > 499 || !strings.Contains(body, a.want) {
			t.Errorf("%s: status %d, want 4xx mentioning %q:\n%.400s", a.name, code, a.want, body)
		}
		if strings.Contains(body, "zq_secret_value") {
			t.Errorf("%s: the answer shows the file's content:\n%.400s", a.name, body)
		}
	}
	for _, a := range httpAttacks {
		if code := send(t, a.method, base+a.path, a.header); code != a.status {
			t.Errorf("%s: status %d, want %d", a.name, code, a.status)
		}
	}
	// SET and the rest changed nothing: queries still run as before.
	code, body := httpGet(t, base+"/sql?format=json&q="+url.QueryEscape("SELECT count(*) AS n FROM reports"))
	if code != 200 || !strings.Contains(body, `"n": `) {
		t.Errorf("after the attacks a plain query gives %d:\n%s", code, body)
	}
	if after := fileHash(t, db); after != before {
		t.Errorf("the warehouse file changed: sha256 %s before, %s after", before, after)
	}
	if got := listDir(t, dir); got != dirBefore {
		t.Errorf("files appeared beside the warehouse:\nbefore %s\nafter  %s", dirBefore, got)
	}
	if got := listDir(t, "."); got != cwdBefore {
		t.Errorf("files appeared in the working directory:\nbefore %s\nafter  %s", cwdBefore, got)
	}
}

// Answers that broke JSON (an empty 200) or lost values now come back as
// valid JSON with every value.
func TestSQLJSONAlwaysValid(t *testing.T) {
	base := startServe(t, serveConfig{DB: loadedDB(t)})
	for q, want := range map[string]string{
		"SELECT TIMESTAMP '10000-01-01 00:00:00' AS t":                       `"t": "10000-01-01T00:00:00"`,
		"SELECT 'infinity'::TIMESTAMP AS t, '-infinity'::DATE AS d":          `"t": "infinity", "d": "-infinity"`,
		"SELECT 'nan'::DOUBLE AS x, 'inf'::DOUBLE AS y":                      `"x": "NaN", "y": "Infinity"`,
		"SELECT 1 AS id, 2 AS id":                                            `"id": 1, "id_2": 2`,
		"SELECT '5d0b8a2c-39f6-4d55-9a4b-2f2bcd5d1e11'::UUID AS u":           `"u": "5d0b8a2c-39f6-4d55-9a4b-2f2bcd5d1e11"`,
		"SELECT 123456789012345678901234.5678::DECIMAL(38,4) AS big":         `"big": "123456789012345678901234.5678"`,
		"SELECT r.id, s.id FROM reports r JOIN reports s USING (id) LIMIT 1": `"id_2": `,
	} {
		code, body := httpGet(t, base+"/sql?format=json&q="+url.QueryEscape(q))
		var v any
		if err := json.Unmarshal([]byte(body), &v); code != 200 || err != nil {
			t.Errorf("%s: status %d, JSON error %v:\n%s", q, code, err, body)
		}
		if !strings.Contains(body, want) {
			t.Errorf("%s: answer lacks %s:\n%s", q, want, body)
		}
	}
}

// A result far past the byte limit is cut there, streamed, with a note;
// the CSV download neutralises formulas.
func TestSQLByteLimitAndCSVFormulas(t *testing.T) {
	base := startServe(t, serveConfig{DB: loadedDB(t), SQL: sqlLimits{MaxBytes: 1 << 20}})
	code, body := httpGet(t, base+"/sql?format=json&q="+url.QueryEscape("SELECT repeat('x', 1000) AS s FROM range(200000)"))
	var out struct {
		Rows []map[string]any `json:"rows"`
		Cut  string           `json:"cut"`
	}
	if err := json.Unmarshal([]byte(body), &out); code != 200 || err != nil {
		t.Fatalf("status %d, JSON error %v (%d bytes)", code, err, len(body))
	}
	if len(body) > 1<<20 || len(out.Rows) == 0 || !strings.Contains(out.Cut, "byte limit") {
		t.Errorf("%d bytes, %d rows, cut %q: want at most 1 MiB and a note", len(body), len(out.Rows), out.Cut)
	}
	code, body = httpGet(t, base+"/sql?format=csv&q="+url.QueryEscape("SELECT '=HYPERLINK(\"http://evil\")' AS a, '@SUM(1)' AS b, -5 AS n"))
	if code != 200 || !strings.Contains(body, `"'=HYPERLINK(""http://evil"")",'@SUM(1),-5`) {
		t.Errorf("CSV formulas not neutralised: %d %q", code, body)
	}
}

func fileHash(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// listDir names the files under dir with their sizes, recursively.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				out = append(out, p+"="+info.ModTime().String())
			}
		}
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, " ")
}

func send(t *testing.T, method, u string, header map[string]string) int {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader("q=SELECT+1"))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
