package warehouse

import (
	"strings"
	"unicode"

	"github.com/touming/touming/internal/sqltext"
)

// userTableFunctions are the table functions a user query may call: they
// make rows from their arguments or describe the catalog. Every other one
// (read_csv, read_text, glob, query, query_table, read_duckdb,
// enable_logging, json_execute_serialized_sql, checkpoint …) is refused,
// whether or not the sandbox's settings would stop it too.
var userTableFunctions = map[string]bool{
	"range": true, "generate_series": true, "unnest": true, "json_each": true, "json_tree": true,
	"duckdb_tables": true, "duckdb_views": true, "duckdb_columns": true, "duckdb_schemas": true,
	"duckdb_types": true, "duckdb_functions": true, "duckdb_keywords": true,
	"duckdb_constraints": true, "duckdb_indexes": true,
}

// deniedFunctions are scalar functions a user query may not call: they read
// outside the warehouse, run SQL given as text, or change state.
var deniedFunctions = map[string]bool{
	"read_text": true, "read_blob": true, "glob": true, "query": true, "query_table": true,
	"enable_logging": true, "disable_logging": true, "truncate_duckdb_logs": true,
	"json_execute_serialized_sql": true, "read_duckdb": true, "getenv": true,
	"nextval": true, "currval": true, "checkpoint": true, "force_checkpoint": true,
}

// deniedPrefixes name whole families of file readers and pragmas.
var deniedPrefixes = []string{"read_", "parquet_", "pragma_", "sniff_", "sqlite_", "postgres_", "iceberg_", "delta_"}

// showNames are what SHOW may list besides a warehouse table.
var showNames = map[string]bool{`"tables"`: true, "__show_tables_expanded": true, `"databases"`: true}

// checkTree walks DuckDB's syntax tree of a user query: every table it
// reads must be one of the warehouse's (or a CTE), every table function
// one of userTableFunctions, and no function one of deniedFunctions.
func (s *Sandbox) checkTree(tree any) error {
	ctes := map[string]bool{}
	collectCTEs(tree, ctes)
	return s.walk(tree, ctes)
}

// collectCTEs gathers the names of every WITH clause in the tree; a name
// is allowed anywhere, which is looser than SQL's scoping but still reads
// only what the CTE reads, and that is checked too.
func collectCTEs(n any, into map[string]bool) {
	switch x := n.(type) {
	case map[string]any:
		if m, ok := x["cte_map"].(map[string]any); ok {
			entries, _ := m["map"].([]any)
			for _, e := range entries {
				if kv, ok := e.(map[string]any); ok {
					if k, ok := kv["key"].(string); ok {
						into[strings.ToLower(k)] = true
					}
				}
			}
		}
		for _, v := range x {
			collectCTEs(v, into)
		}
	case []any:
		for _, v := range x {
			collectCTEs(v, into)
		}
	}
}

func (s *Sandbox) walk(n any, ctes map[string]bool) error {
	switch x := n.(type) {
	case map[string]any:
		if err := s.checkNode(x, ctes); err != nil {
			return err
		}
		for _, v := range x {
			if err := s.walk(v, ctes); err != nil {
				return err
			}
		}
	case []any:
		for _, v := range x {
			if err := s.walk(v, ctes); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkNode checks one node of the tree.
func (s *Sandbox) checkNode(x map[string]any, ctes map[string]bool) error {
	str := func(k string) string { v, _ := x[k].(string); return v }
	switch {
	case str("type") == "BASE_TABLE":
		return s.checkTable(str("catalog_name"), str("schema_name"), str("table_name"), ctes)
	case str("type") == "TABLE_FUNCTION":
		f, _ := x["function"].(map[string]any)
		name, _ := f["function_name"].(string)
		if !userTableFunctions[strings.ToLower(name)] {
			return refuse("the table function %s(…) is not allowed here: this page reads only the warehouse's tables", name)
		}
	case str("class") == "FUNCTION":
		if name := strings.ToLower(str("function_name")); deniedFunction(name) {
			return refuse("%s(…) is not allowed here: it reads outside the warehouse or runs other SQL", str("function_name"))
		}
	case str("type") == "SHOW_REF" && str("table_name") != "":
		name := str("table_name")
		if showNames[strings.ToLower(name)] {
			return nil
		}
		return s.checkTable(str("catalog_name"), str("schema_name"), strings.Trim(name, `"`), ctes)
	}
	return nil
}

func deniedFunction(name string) bool {
	if deniedFunctions[name] {
		return true
	}
	for _, p := range deniedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// checkTable allows the warehouse's tables and views (optionally qualified
// by its catalog and main schema), CTEs, and the system's
// information_schema; a file path in place of a table ('x.csv') is not a
// table of the warehouse, so it is refused here before DuckDB would try
// to read it.
func (s *Sandbox) checkTable(catalog, schema, name string, ctes map[string]bool) error {
	lc, ls, ln := strings.ToLower(catalog), strings.ToLower(schema), strings.ToLower(name)
	if ls == "information_schema" && (lc == "" || lc == "system") {
		return nil
	}
	own := (lc == "" || lc == strings.ToLower(s.catalog)) && (ls == "" || ls == "main")
	if own && (s.tables[ln] || (lc == "" && ls == "" && ctes[ln])) {
		return nil
	}
	full := strings.Trim(strings.Join([]string{catalog, schema, name}, "."), ".")
	return refuse("%q is not a table of the warehouse: this page reads only the warehouse's tables and views (no files, no other databases)", full)
}

// stripExplain returns the statement an EXPLAIN [ANALYZE] explains, and
// whether q was one. Only words, spaces and comments are skipped, so the
// rest is exactly what DuckDB explains (and runs, for ANALYZE).
func stripExplain(q string) (string, bool) {
	rest, w := nextWord(q)
	if !strings.EqualFold(w, "EXPLAIN") {
		return q, false
	}
	if after, w2 := nextWord(rest); strings.EqualFold(w2, "ANALYZE") {
		rest = after
	}
	return rest, true
}

// isPivot reports whether q is a PIVOT or UNPIVOT statement.
func isPivot(q string) bool {
	_, w := nextWord(q)
	switch strings.ToUpper(w) {
	case "PIVOT", "UNPIVOT", "PIVOT_WIDER", "PIVOT_LONGER":
		return true
	}
	return false
}

// firstWord is q's first word, upper-cased, for messages.
func firstWord(q string) string {
	_, w := nextWord(q)
	if w == "" {
		return "this statement"
	}
	return strings.ToUpper(w)
}

// trimStatement drops trailing spaces and semicolons.
func trimStatement(q string) string {
	return strings.TrimRightFunc(q, func(r rune) bool { return r == ';' || unicode.IsSpace(r) })
}

func nextWord(q string) (rest, word string) { return sqltext.NextWord(q) }
