package charts

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/touming/touming"
)

// cellText prints one value for CSV and HTML: null is empty, never 0.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case *float64:
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case string:
		return x
	case []any, map[string]any:
		// Lists and structs as JSON (["a","b"]), not Go's [a b].
		if b, err := json.Marshal(x); err == nil {
			return string(b)
		}
	}
	if f := toFloat(v); f != nil {
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// writeCSV sends t as a CSV download named file. A UTF-8 BOM leads the
// body so that Excel, which most supervisors open CSV files with, reads the
// Chinese text correctly.
func writeCSV(w http.ResponseWriter, file string, t *touming.Table) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	w.Write([]byte("\xEF\xBB\xBF"))
	cw := csv.NewWriter(w)
	cw.Write(t.Columns)
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, v := range r {
			rec[i] = cellText(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
}

// jsonTable is the JSON shape of a query result: one object per row, null
// for SQL NULL.
type jsonTable struct {
	Columns   []string         `json:"columns"`
	Rows      []map[string]any `json:"rows"`
	Truncated bool             `json:"truncated"`
}

// writeJSON sends t as JSON.
func writeJSON(w http.ResponseWriter, file string, t *touming.Table) {
	out := jsonTable{Columns: t.Columns, Rows: make([]map[string]any, len(t.Rows)), Truncated: t.Truncated}
	for i, r := range t.Rows {
		m := make(map[string]any, len(r))
		for j, v := range r {
			m[t.Columns[j]] = jsonValue(v)
		}
		out.Rows[i] = m
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(out)
}

// jsonValue makes driver values JSON-safe: bytes as text, NaN and
// infinities as null (encoding/json refuses them).
func jsonValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil
		}
	}
	if f := toFloat(v); f != nil {
		if _, ok := v.(interface{ Float64() (float64, error) }); ok {
			return *f
		}
	}
	return v
}

// formatNumber prints a value for a page: empty for null, integers without
// decimals, other numbers with up to two.
func formatNumber(v any) string {
	if p, ok := v.(*float64); ok {
		if p == nil {
			return ""
		}
		v = *p
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format("2006-01-02 15:04")
	}
	f := toFloat(v)
	if f == nil {
		return cellText(v)
	}
	if *f == math.Trunc(*f) && math.Abs(*f) < 1e15 {
		return strconv.FormatInt(int64(*f), 10)
	}
	return strconv.FormatFloat(*f, 'f', 2, 64)
}

// formatPercent prints a ratio as a percentage, empty for null.
func formatPercent(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p*100, 'f', 1, 64) + "%"
}
