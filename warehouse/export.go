package warehouse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Export formats.
const (
	FormatParquet = "parquet"
	FormatCSV     = "csv"
)

// Export writes every table and view to dir, one file per relation
// (<name>.csv), or for parquet one file per relation, partitioned by year
// (<name>/year=2023/data_0.parquet) when it has a year column. It writes to
// a temporary directory first and moves the results into place only when
// all succeeded, so that a failed export leaves an earlier one whole. It
// returns the names written. In CSV, whole numbers print as integers and
// lists as JSON (see csvExpr).
func (db *DB) Export(ctx context.Context, dir, format string) ([]string, error) {
	return db.ExportWith(ctx, dir, ExportOptions{Format: format})
}

// ExportWith is Export with options. Besides the tables and views it
// writes the data dictionary (DictionaryFile), whose name it returns last.
func (db *DB) ExportWith(ctx context.Context, dir string, opt ExportOptions) ([]string, error) {
	format := opt.Format
	if format == "" {
		format = FormatParquet
	}
	if format != FormatParquet && format != FormatCSV {
		return nil, fmt.Errorf("export: unknown format %q (want parquet or csv)", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".export-")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	defer os.RemoveAll(tmp)
	rels, err := db.relations(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	cols, err := db.columns(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var names []string
	for _, r := range rels {
		name, err := db.exportOne(ctx, tmp, format, r, cols[r.name])
		if err == nil && format == FormatCSV && opt.BOM {
			err = prependBOM(filepath.Join(tmp, name))
		}
		if err != nil {
			return nil, fmt.Errorf("export %s to %s: %w", r.name, dir, err)
		}
		names = append(names, name)
	}
	if err := db.writeDictionary(ctx, tmp, opt.BOM); err != nil {
		return nil, fmt.Errorf("export to %s: %w", dir, err)
	}
	names = append(names, DictionaryFile)
	return names, moveAll(tmp, dir, names)
}

// relation is a table or view and whether it has a year column.
type relation struct {
	name    string
	hasYear bool
}

// relations lists the tables and views analysts see.
func (db *DB) relations(ctx context.Context) ([]relation, error) {
	tb, err := db.Query(ctx, 0, `SELECT t.name, bool_or(c.column_name = 'year')
		FROM (SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal
		      UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal) t
		JOIN duckdb_columns() c ON c.table_name = t.name AND c.schema_name = 'main'
		GROUP BY t.name ORDER BY t.name`)
	if err != nil {
		return nil, err
	}
	out := make([]relation, len(tb.Rows))
	for i, row := range tb.Rows {
		out[i] = relation{name: row[0].(string), hasYear: row[1] == true}
	}
	return out, nil
}

func (db *DB) exportOne(ctx context.Context, dir, format string, r relation, cols []column) (string, error) {
	src := "SELECT * FROM " + quoteIdent(r.name)
	var name, opts string
	switch {
	case format == FormatCSV:
		src = csvSelect(r.name, cols)
		name, opts = r.name+".csv", "FORMAT csv, HEADER true"
	case r.hasYear:
		name, opts = r.name, "FORMAT parquet, PARTITION_BY (year)"
	default:
		name, opts = r.name+".parquet", "FORMAT parquet"
	}
	target := filepath.Join(dir, name)
	q := fmt.Sprintf("COPY (%s) TO %s (%s)", src, quoteString(target), opts)
	if _, err := db.sql.ExecContext(ctx, q); err != nil {
		return "", err
	}
	return name, nil
}

// moveAll moves names from tmp into dir, replacing what was there.
func moveAll(tmp, dir string, names []string) error {
	for _, n := range names {
		dst := filepath.Join(dir, n)
		if err := os.RemoveAll(dst); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := os.Rename(filepath.Join(tmp, n), dst); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}
