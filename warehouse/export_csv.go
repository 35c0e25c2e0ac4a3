package warehouse

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ExportOptions say how Export writes.
type ExportOptions struct {
	// Format is FormatParquet (the default) or FormatCSV.
	Format string
	// BOM starts each CSV file with a UTF-8 byte order mark, which Excel
	// needs to read the Chinese text as UTF-8 rather than the system's
	// code page.
	BOM bool
}

// DictionaryFile is the data dictionary every export writes beside the
// tables: one row per column of every table and view, with its type and
// comment (the Chinese labels of the wide views' columns).
const DictionaryFile = "dictionary.csv"

// column is one column of a relation, as duckdb_columns() gives it.
type column struct {
	name, dataType string
}

// csvExpr is the SELECT expression that writes c the way spreadsheets and
// scripts read it: a whole DOUBLE as an integer (238, not 238.0, since the
// counts are stored as DOUBLE beside fractional amounts), a list, struct
// or map as JSON (["a","b"], not [a, b]), anything else as DuckDB writes it.
func csvExpr(c column) string {
	q := quoteIdent(c.name)
	t := strings.ToUpper(c.dataType)
	switch {
	case t == "DOUBLE" || t == "FLOAT" || t == "REAL":
		return fmt.Sprintf("CASE WHEN %[1]s = trunc(%[1]s) AND abs(%[1]s) < 1e15 THEN CAST(CAST(%[1]s AS BIGINT) AS VARCHAR) ELSE CAST(%[1]s AS VARCHAR) END AS %[1]s", q)
	case strings.HasSuffix(t, "]") || strings.HasPrefix(t, "STRUCT") || strings.HasPrefix(t, "MAP") || strings.HasPrefix(t, "UNION"):
		return fmt.Sprintf("CAST(to_json(%[1]s) AS VARCHAR) AS %[1]s", q)
	}
	return q
}

// csvSelect is the query that exports relation name to CSV.
func csvSelect(name string, cols []column) string {
	exprs := make([]string, len(cols))
	for i, c := range cols {
		exprs[i] = csvExpr(c)
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM " + quoteIdent(name)
}

// columns lists the columns of every table and view analysts see, in
// order, by relation.
func (db *DB) columns(ctx context.Context) (map[string][]column, error) {
	t, err := db.Query(ctx, 0, `SELECT table_name, column_name, data_type FROM duckdb_columns()
		WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index`)
	if err != nil {
		return nil, err
	}
	out := map[string][]column{}
	for _, r := range t.Rows {
		n := r[0].(string)
		out[n] = append(out[n], column{name: r[1].(string), dataType: r[2].(string)})
	}
	return out, nil
}

// writeDictionary writes the data dictionary to dir.
func (db *DB) writeDictionary(ctx context.Context, dir string, bom bool) error {
	target := filepath.Join(dir, DictionaryFile)
	q := fmt.Sprintf(`COPY (SELECT c.table_name AS "relation", CASE WHEN v.view_name IS NULL THEN 'table' ELSE 'view' END AS kind,
		c.column_index AS position, c.column_name AS "column", c.data_type AS type, c.comment
		FROM duckdb_columns() c LEFT JOIN duckdb_views() v ON v.view_name = c.table_name AND v.schema_name = c.schema_name
		WHERE c.schema_name = 'main' AND NOT c.internal ORDER BY kind, c.table_name, c.column_index) TO %s (FORMAT csv, HEADER true)`, quoteString(target))
	if _, err := db.sql.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("data dictionary: %w", err)
	}
	if bom {
		return prependBOM(target)
	}
	return nil
}

// prependBOM rewrites path with a UTF-8 byte order mark first, through a
// temporary file beside it so that a failure leaves the file as it was.
func prependBOM(path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".bom-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	w.WriteString("\uFEFF")
	if _, err := io.Copy(w, in); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
