package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	eaw "golang.org/x/text/width"

	"github.com/touming/touming"
	"github.com/touming/touming/warehouse"
)

// sqlConfig is what `touming sql` was asked to do.
type sqlConfig struct {
	db, format, query string
	max               int
	bom               bool
}

func parseSQL(e *env, args []string) (sqlConfig, error) {
	var c sqlConfig
	fl := flag.NewFlagSet("sql", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.db, "db", "", "the warehouse file")
	fl.StringVar(&c.format, "format", "table", "output: table, csv or json")
	fl.IntVar(&c.max, "max", 0, "print at most this many rows (0: all)")
	fl.BoolVar(&c.bom, "bom", false, "csv: start with a UTF-8 byte order mark, so that Excel reads the Chinese text")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming sql --db FILE [--format table|csv|json] [--bom] [--max N] \"SQL\"\n\nRuns SQL on the warehouse, opened read-only; \"-\" reads the SQL from stdin.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	c.query = strings.TrimSpace(strings.Join(fl.Args(), " "))
	switch {
	case c.db == "":
		return c, fmt.Errorf("%w: --db FILE is required", errUsage)
	case c.query == "":
		return c, fmt.Errorf("%w: give the SQL to run (or - to read it from stdin)", errUsage)
	case c.format != "table" && c.format != "csv" && c.format != "json":
		return c, fmt.Errorf("%w: --format %q: want table, csv or json", errUsage, c.format)
	case c.bom && c.format != "csv":
		return c, fmt.Errorf("%w: --bom goes with --format csv", errUsage)
	}
	return c, nil
}

// runSQL runs one SQL statement on the warehouse, opened read-only so that
// it never blocks or disturbs a load.
func runSQL(ctx context.Context, e *env, args []string) error {
	c, err := parseSQL(e, args)
	if err != nil {
		return err
	}
	if c.query == "-" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return fmt.Errorf("read SQL from stdin: %w", err)
		}
		c.query = string(b)
	}
	db, err := warehouse.Open(ctx, c.db, warehouse.Options{ReadOnly: true, LockWait: 30 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.Query(ctx, c.max, c.query)
	if err != nil {
		return err
	}
	if c.bom {
		if _, err := io.WriteString(e.stdout, "\uFEFF"); err != nil {
			return err
		}
	}
	return sqlPrint(e.stdout, c.format, t)
}

func sqlPrint(w io.Writer, format string, t *touming.Table) error {
	switch format {
	case "csv":
		return sqlCSV(w, t)
	case "json":
		return sqlJSON(w, t)
	}
	sqlText(w, t)
	return nil
}

// sqlCell prints a value; ok is false for NULL.
func sqlCell(v any) (s string, ok bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case time.Time:
		return x.Format(time.RFC3339), true
	case []byte:
		return fmt.Sprintf("%x", x), true
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b), true
	}
	return fmt.Sprint(v), true
}

// roundForTerminal keeps six decimals of a float for the aligned table, so
// that a rate reads 0.59541 rather than 0.5954098360655737; CSV and JSON
// keep every digit.
func roundForTerminal(v any) any {
	if x, ok := v.(float64); ok && math.Abs(x) < 1e12 {
		return math.Round(x*1e6) / 1e6
	}
	return v
}

// sqlCSV prints a header and the rows; NULL is an empty field.
func sqlCSV(w io.Writer, t *touming.Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i], _ = sqlCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sqlJSON prints an array of objects with the columns in query order;
// NULL is null.
func sqlJSON(w io.Writer, t *touming.Table) error {
	var b strings.Builder
	b.WriteString("[")
	for r, row := range t.Rows {
		if r > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for i, v := range row {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[i])
			val, err := json.Marshal(sqlJSONValue(v))
			if err != nil {
				return fmt.Errorf("column %s: %w", t.Columns[i], err)
			}
			fmt.Fprintf(&b, "%s: %s", k, val)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func sqlJSONValue(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.Format(time.RFC3339)
	}
	return v
}

// sqlText prints an aligned table for a terminal, counting Chinese
// characters as two columns; NULL prints as NULL.
func sqlText(w io.Writer, t *touming.Table) {
	cells := make([][]string, len(t.Rows)+1)
	cells[0] = t.Columns
	widths := make([]int, len(t.Columns))
	for r, row := range t.Rows {
		cells[r+1] = make([]string, len(row))
		for i, v := range row {
			s, ok := sqlCell(roundForTerminal(v))
			if !ok {
				s = "NULL"
			}
			cells[r+1][i] = strings.ReplaceAll(s, "\n", " ")
		}
	}
	for _, row := range cells {
		for i, s := range row {
			widths[i] = max(widths[i], sqlTextWidth(s))
		}
	}
	for r, row := range cells {
		for i, s := range row {
			fmt.Fprint(w, s, strings.Repeat(" ", widths[i]-sqlTextWidth(s)))
			if i < len(row)-1 {
				fmt.Fprint(w, "  ")
			}
		}
		fmt.Fprintln(w)
		if r == 0 {
			for i := range widths {
				fmt.Fprint(w, strings.Repeat("-", widths[i]))
				if i < len(widths)-1 {
					fmt.Fprint(w, "  ")
				}
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "(%d rows%s)\n", len(t.Rows), map[bool]string{true: ", more not shown", false: ""}[t.Truncated])
}

func sqlTextWidth(s string) int {
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
