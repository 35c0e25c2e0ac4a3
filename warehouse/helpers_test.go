package warehouse

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

// truthReport builds a Report from a truth file of ../shared (copied to
// testdata/truth): real printed values, with a cell per key.
func truthReport(t testing.TB, name string) *touming.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "truth", name+".truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r := &touming.Report{Values: map[string]*float64{}}
	for k, v := range m {
		switch k {
		case "meta.agency":
			r.Meta.Agency = v.(string)
		case "meta.year":
			r.Meta.Year = int(v.(float64))
		case "meta.template":
			r.Template = touming.Template(v.(string))
		default:
			if f, ok := v.(float64); ok {
				r.Values[k] = touming.Float(f)
			} else {
				r.Values[k] = nil
			}
		}
	}
	if r.Template == "" {
		r.Template = touming.Template2019
		if _, ok := r.Values["active.rules.issued"]; ok {
			r.Template = touming.Template2021
		}
	}
	r.Meta.Title = r.Meta.Agency + strconv.Itoa(r.Meta.Year) + "年政府信息公开工作年度报告"
	r.Cells = cellsOf(r.Values)
	return r
}

// cellsOf prints each value as a cell, as an extractor would have read it.
func cellsOf(values map[string]*float64) []touming.Cell {
	var keys []string
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	cells := make([]touming.Cell, 0, len(keys))
	for i, k := range keys {
		c := touming.Cell{Key: k, Value: values[k], Table: "三", Row: i, Col: 1, Class: touming.ClassBlank}
		if v := values[k]; v != nil {
			c.Raw = strconv.FormatFloat(*v, 'f', -1, 64)
			c.Class = touming.ClassNumber
			if *v == 0 {
				c.Class = touming.ClassZero
			}
		}
		cells = append(cells, c)
	}
	return cells
}

// doc builds the Document of a report page whose body is body.
func doc(url, body string) touming.Document {
	sum := sha256.Sum256([]byte(body))
	return touming.Document{
		URL: url, FetchedAt: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC), ContentType: "text/html; charset=utf-8",
		SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body)), HTTPStatus: 200, ETag: `"` + body + `"`,
	}
}

var truthNames = []string{"000_e8660239deac921c", "huaian-city-2024", "pingtan-2024", "shanghai-office-2019"}

// truthItems are the seed's and the corpus's reports as Items.
func truthItems(t testing.TB) []Item {
	var items []Item
	for _, n := range truthNames {
		items = append(items, Item{Document: doc("https://example.gov.cn/"+n+".html", n), Report: truthReport(t, n)})
	}
	return items
}

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func write(t testing.TB, db *DB, items ...Item) Stats {
	t.Helper()
	st, err := db.Write(context.Background(), items)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// one runs a query that returns a single value.
func one(t testing.TB, db *DB, q string, args ...any) any {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(tb.Rows) != 1 || len(tb.Rows[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", q, tb.Rows)
	}
	return tb.Rows[0][0]
}

func count(t testing.TB, db *DB, q string, args ...any) int64 {
	t.Helper()
	return one(t, db, "SELECT count(*) FROM "+q, args...).(int64)
}

func mustContain(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got none", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not contain %q", err, p)
		}
	}
}
