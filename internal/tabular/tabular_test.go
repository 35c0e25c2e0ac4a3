package tabular

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
)

func write(t *testing.T, f Format, o Options, cols []touming.Column, rows ...[]any) (string, *Writer) {
	t.Helper()
	var b bytes.Buffer
	w := New(&b, f, o)
	if err := w.Columns(cols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r); errors.Is(err, touming.ErrEnough) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w
}

func TestJSONAlwaysValid(t *testing.T) {
	cols := []touming.Column{{Name: "id", Type: "INTEGER"}, {Name: "id", Type: "INTEGER"}, {Name: "t", Type: "TIMESTAMP"}, {Name: "f", Type: "DOUBLE"}, {Name: "f2", Type: "DOUBLE"}, {Name: "b", Type: "BLOB"}, {Name: "s", Type: "VARCHAR"}, {Name: "l", Type: "INTEGER[]"}}
	far := time.Date(12000, 1, 2, 3, 4, 5, 0, time.UTC)
	out, _ := write(t, JSON, Options{}, cols,
		[]any{int64(1), int64(2), far, math.NaN(), math.Inf(-1), []byte{0xff, 'a'}, "bad \xff utf8", []any{int64(1), nil}})
	var got struct {
		Columns   []string         `json:"columns"`
		Rows      []map[string]any `json:"rows"`
		Truncated bool             `json:"truncated"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	if strings.Join(got.Columns, ",") != "id,id_2,t,f,f2,b,s,l" {
		t.Errorf("columns = %v", got.Columns)
	}
	r := got.Rows[0]
	if r["id"] != 1.0 || r["id_2"] != 2.0 || r["t"] != "12000-01-02T03:04:05" || r["f"] != "NaN" || r["f2"] != "-Infinity" || r["b"] != `\xFFa` {
		t.Errorf("row = %v", r)
	}
}

func TestUniqueNames(t *testing.T) {
	got := strings.Join(UniqueNames([]string{"id", "id", "id_2", "x", "id"}), ",")
	if got != "id,id_3,id_2,x,id_4" {
		t.Errorf("UniqueNames = %s", got)
	}
}

func TestCSVForExcel(t *testing.T) {
	cols := []touming.Column{{Name: "s", Type: "VARCHAR"}, {Name: "n", Type: "INTEGER"}}
	out, w := write(t, CSV, Options{Excel: true, MaxRows: 2, RowsLimit: "--sql-max-rows"}, cols,
		[]any{"=HYPERLINK(\"http://x\")", int64(-5)}, []any{"@SUM(A1)", nil}, []any{"third", int64(3)})
	if !strings.HasPrefix(out, "\xEF\xBB\xBFs,n\n") {
		t.Errorf("no BOM and header: %q", out)
	}
	for _, want := range []string{`"'=HYPERLINK(""http://x"")",-5`, "'@SUM(A1),\n", "# cut at 2 rows: the row limit (--sql-max-rows)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
	if w.Rows() != 2 || strings.Contains(out, "third") {
		t.Errorf("rows = %d, want 2 and no third row:\n%s", w.Rows(), out)
	}
}

func TestByteLimit(t *testing.T) {
	cols := []touming.Column{{Name: "s", Type: "VARCHAR"}}
	var rows [][]any
	for i := 0; i < 1000; i++ {
		rows = append(rows, []any{strings.Repeat("x", 100)})
	}
	out, w := write(t, JSON, Options{MaxBytes: 10000}, cols, rows...)
	if len(out) > 10000 {
		t.Errorf("wrote %d bytes, limit 10000", len(out))
	}
	var got struct {
		Rows []map[string]any `json:"rows"`
		Cut  string           `json:"cut"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("invalid JSON after a cut: %v", err)
	}
	if len(got.Rows) != w.Rows() || w.Rows() == 0 || w.Rows() >= 1000 || !strings.Contains(got.Cut, "byte limit") {
		t.Errorf("rows %d (writer %d), cut %q", len(got.Rows), w.Rows(), got.Cut)
	}
}

func TestTextTable(t *testing.T) {
	cols := []touming.Column{{Name: "县", Type: "VARCHAR"}, {Name: "rate", Type: "DOUBLE"}, {Name: "d", Type: "DATE"}}
	out, _ := write(t, Text, Options{}, cols, []any{"新乡县", 0.5954098360655737, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}, []any{nil, nil, nil})
	if !strings.HasPrefix(out, "县") {
		t.Errorf("table does not start with its header (cells written before the table?):\n%s", out)
	}
	for _, want := range []string{"新乡县  0.59541  2024-01-02", "NULL", "(2 rows)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
