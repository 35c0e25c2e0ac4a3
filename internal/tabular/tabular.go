// Package tabular writes query results as CSV, JSON or an aligned text
// table, one row at a time and within a row and a byte limit. It is the one
// formatter of touming: the SQL page's downloads, `touming sql` and the
// data pages all print values through it, so that a NULL, a date or a big
// decimal reads the same everywhere.
//
// JSON is always valid: NaN and the infinities are strings, times past
// year 9999 are text, duplicate column names are made unique (id, id_2).
// CSV meant for Excel starts with a UTF-8 BOM and has every text cell that
// Excel would run as a formula (=, +, -, @, tab, CR) prefixed with '.
package tabular

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/touming/touming"
)

// Format is an output format.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
	Text Format = "table"
)

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case CSV, JSON, Text:
		return f, nil
	}
	return "", fmt.Errorf("format %q: want csv, json or table", s)
}

// Options tune a Writer. Zero limits mean none.
type Options struct {
	MaxRows  int
	MaxBytes int64
	// RowsLimit and BytesLimit name the limits in the cut note, e.g. the
	// flag that sets them ("--sql-max-rows").
	RowsLimit, BytesLimit string
	// Excel makes CSV for spreadsheets: a BOM, formulas neutralised, and the
	// cut note as a last line.
	Excel bool
	// JSONArray makes JSON a bare array of row objects (what `touming sql`
	// prints), without the columns and the cut note around it.
	JSONArray bool
}

// Writer writes one result. It implements touming.RowSink: Columns, then
// Row for each row, then Close.
type Writer struct {
	out   *counter
	f     Format
	o     Options
	cols  []touming.Column
	names []string
	rows  int
	cut   string
	buf   bytes.Buffer
	csv   *csv.Writer
	text  [][]string // Text keeps its cells, to align them at Close
	open  bool
}

// New returns a Writer of f to w.
func New(w io.Writer, f Format, o Options) *Writer {
	tw := &Writer{out: &counter{w: w}, f: f, o: o}
	tw.csv = csv.NewWriter(&tw.buf)
	return tw
}

// Columns starts the output with the column names, made unique.
func (w *Writer) Columns(cols []touming.Column) error {
	w.cols = cols
	w.names = make([]string, len(cols))
	for i, c := range cols {
		w.names[i] = c.Name
	}
	w.names = UniqueNames(w.names)
	w.open = true
	w.buf.Reset()
	switch w.f {
	case CSV:
		if w.o.Excel {
			w.buf.WriteString("\xEF\xBB\xBF")
		}
		w.csv.Write(w.names)
		w.csv.Flush()
	case JSON:
		if !w.o.JSONArray {
			w.buf.WriteString(`{"columns": `)
			writeJSONStrings(&w.buf, w.names)
			w.buf.WriteString(`, "rows": `)
		}
		w.buf.WriteString("[")
	case Text:
		w.text = append(w.text, w.names)
	}
	_, err := w.out.Write(w.buf.Bytes())
	return err
}

// Row writes one row, or returns touming.ErrEnough (and writes nothing)
// when the row or the byte limit is reached.
func (w *Writer) Row(vals []any) error {
	if w.o.MaxRows > 0 && w.rows >= w.o.MaxRows {
		w.cut = fmt.Sprintf("cut at %d rows: the row limit%s", w.rows, paren(w.o.RowsLimit))
		return touming.ErrEnough
	}
	w.buf.Reset()
	switch w.f {
	case CSV:
		w.csvRow(vals)
	case JSON:
		w.jsonRow(vals)
	case Text:
		w.textRow(vals)
	}
	if w.o.MaxBytes > 0 && w.out.n+int64(w.buf.Len())+256 > w.o.MaxBytes {
		w.cut = fmt.Sprintf("cut at %d rows (%d bytes): the byte limit%s", w.rows, w.out.n, paren(w.o.BytesLimit))
		if w.f == Text {
			w.text = w.text[:len(w.text)-1]
		}
		return touming.ErrEnough
	}
	w.rows++
	if w.f == Text {
		// The aligned table is written at Close; its cells count now.
		w.out.n += int64(w.buf.Len())
		return nil
	}
	_, err := w.out.Write(w.buf.Bytes())
	return err
}

func (w *Writer) csvRow(vals []any) {
	rec := make([]string, len(vals))
	for i, v := range vals {
		s, _ := Cell(v, w.typ(i))
		if _, text := v.(string); text && w.o.Excel {
			s = Neutralise(s)
		}
		rec[i] = s
	}
	w.csv.Write(rec)
	w.csv.Flush()
}

func (w *Writer) jsonRow(vals []any) {
	if w.rows > 0 {
		w.buf.WriteByte(',')
	}
	w.buf.WriteString("\n  {")
	for i, v := range vals {
		if i > 0 {
			w.buf.WriteString(", ")
		}
		writeJSONString(&w.buf, w.names[i])
		w.buf.WriteString(": ")
		writeJSON(&w.buf, v, w.typ(i))
	}
	w.buf.WriteByte('}')
}

func (w *Writer) typ(i int) string {
	if i < len(w.cols) {
		return w.cols[i].Type
	}
	return ""
}

// Close ends the output: JSON's closing brackets with "truncated" and
// "cut", the aligned table, or the CSV cut note for Excel. Nothing is
// written when Columns was never called (the query failed first).
func (w *Writer) Close() error {
	if !w.open {
		return nil
	}
	w.buf.Reset()
	switch w.f {
	case JSON:
		w.buf.WriteString("\n]")
		if !w.o.JSONArray {
			fmt.Fprintf(&w.buf, ", \"truncated\": %t", w.cut != "")
			if w.cut != "" {
				w.buf.WriteString(`, "cut": `)
				writeJSONString(&w.buf, w.cut)
			}
			w.buf.WriteString("}")
		}
		w.buf.WriteString("\n")
	case CSV:
		if w.cut != "" && w.o.Excel {
			w.buf.WriteString("# " + w.cut + "\n")
		}
	case Text:
		writeAligned(&w.buf, w.text)
		fmt.Fprintf(&w.buf, "(%d rows%s)\n", w.rows, map[bool]string{true: "; " + w.cut, false: ""}[w.cut != ""])
	}
	_, err := w.out.Write(w.buf.Bytes())
	return err
}

// Stop ends the result early for reason (an error after the first rows):
// Close then writes the note as it would a cut.
func (w *Writer) Stop(reason string) { w.cut = reason }

// RowLimit is the row limit (touming.RowLimiter), 0 for none.
func (w *Writer) RowLimit() int { return w.o.MaxRows }

// Cut is the note saying where and why the result was cut, or "".
func (w *Writer) Cut() string { return w.cut }

// Rows is the number of rows written.
func (w *Writer) Rows() int { return w.rows }

// Names are the column names as written (made unique).
func (w *Writer) Names() []string { return w.names }

// Bytes is the number of bytes written so far.
func (w *Writer) Bytes() int64 { return w.out.n }

var _ touming.RowSink = (*Writer)(nil)

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// UniqueNames makes duplicate names unique by a suffix, as id, id_2,
// id_3, skipping a suffix that another column has as its own name.
func UniqueNames(names []string) []string {
	used := make(map[string]bool, len(names))
	for _, n := range names {
		used[n] = true
	}
	out := make([]string, len(names))
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		name := n
		for k := 2; seen[name] || (name != n && used[name]); k++ {
			name = n + "_" + strconv.Itoa(k)
		}
		seen[name] = true
		out[i] = name
	}
	return out
}

// Neutralise makes a text cell that Excel would evaluate as a formula
// plain text, by a leading apostrophe (OWASP's advice for CSV injection).
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeJSONStrings writes a JSON array of strings.
func writeJSONStrings(b *bytes.Buffer, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, s)
	}
	b.WriteByte(']')
}

// writeJSONString writes s as a JSON string (invalid UTF-8 becomes U+FFFD).
func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}
