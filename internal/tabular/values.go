package tabular

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	eaw "golang.org/x/text/width"
)

// Cell prints one value as text for CSV, a table or a page; ok is false for
// NULL (printed as ""). typ is the column's DuckDB type, or "".
func Cell(v any, typ string) (s string, ok bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case float64:
		return floatText(x), true
	case float32:
		return floatText(float64(x)), true
	case time.Time:
		return TimeText(x, typ), true
	case []byte:
		return BlobText(x), true
	case []any, map[string]any:
		var b bytes.Buffer
		writeJSON(&b, v, typ)
		return b.String(), true
	}
	return fmt.Sprint(v), true
}

// floatText prints every digit of f, and NaN, Infinity, -Infinity.
func floatText(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// TimeText prints a time by its column type: DATE as 2006-01-02, TIME as
// 15:04:05, TIMESTAMP WITH TIME ZONE in RFC 3339 (UTC), other timestamps
// without a zone. Years past 9999 print in full (JSON's encoder refuses
// them). With no type, a midnight prints as a date.
func TimeText(t time.Time, typ string) string {
	t = t.UTC()
	midnight := t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	switch {
	case typ == "DATE" || (typ == "" && midnight):
		return t.Format("2006-01-02")
	case typ == "TIME" || typ == "TIME WITH TIME ZONE":
		return t.Format("15:04:05.999999")
	case typ == "TIMESTAMPTZ" || typ == "TIMESTAMP WITH TIME ZONE" || typ == "":
		return t.Format("2006-01-02T15:04:05.999999Z07:00")
	}
	return t.Format("2006-01-02T15:04:05.999999")
}

// BlobText prints bytes as DuckDB does: printable ASCII as it is, any
// other byte as \xNN, so that the text is valid UTF-8 and unambiguous.
func BlobText(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, `\x%02X`, c)
		}
	}
	return sb.String()
}

// writeJSON writes one value as JSON; it cannot fail.
func writeJSON(b *bytes.Buffer, v any, typ string) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case int:
		b.WriteString(strconv.Itoa(x))
	case uint64:
		b.WriteString(strconv.FormatUint(x, 10))
	case float64, float32:
		f := toFloat64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			writeJSONString(b, floatText(f))
			return
		}
		out, _ := json.Marshal(f)
		b.Write(out)
	case string:
		writeJSONString(b, x)
	case []any:
		elem := strings.TrimSuffix(typ, "[]")
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e, elem)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, x[k], "")
		}
		b.WriteByte('}')
	default:
		s, _ := Cell(v, typ)
		writeJSONString(b, s)
	}
}

func toFloat64(v any) float64 {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	return v.(float64)
}

// textRow keeps one row's cells for the aligned table: floats rounded to
// six decimals (a rate reads 0.59541), NULL as NULL, newlines as spaces.
func (w *Writer) textRow(vals []any) {
	cells := make([]string, len(vals))
	for i, v := range vals {
		if f, ok := v.(float64); ok && math.Abs(f) < 1e12 {
			v = math.Round(f*1e6) / 1e6
		}
		s, ok := Cell(v, w.typ(i))
		if !ok {
			s = "NULL"
		}
		cells[i] = strings.ReplaceAll(s, "\n", " ")
		w.buf.WriteString(cells[i]) // counted against the byte limit
	}
	w.text = append(w.text, cells)
}

// writeAligned prints rows as columns, the first row as a header with a
// rule under it; Chinese characters count as two columns.
func writeAligned(b *bytes.Buffer, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, s := range r {
			widths[i] = max(widths[i], textWidth(s))
		}
	}
	line := func(r []string) {
		for i, s := range r {
			b.WriteString(s)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-textWidth(s)) + "  ")
			}
		}
		b.WriteByte('\n')
	}
	line(rows[0])
	rule := make([]string, len(widths))
	for i, n := range widths {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, r := range rows[1:] {
		line(r)
	}
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch eaw.LookupRune(r).Kind() {
		case eaw.EastAsianWide, eaw.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
