package charts

import (
	"fmt"
	"strings"
	"unicode"
)

// The SQL page runs what analysts type. The warehouse connection it is
// given should be read-only; this guard comes first and says clearly what
// is refused, so that a mistake gets an answer rather than a driver error.

// firstWords are the statements the SQL page runs.
var firstWords = map[string]bool{
	"SELECT": true, "WITH": true, "FROM": true, "VALUES": true, "TABLE": true,
	"EXPLAIN": true, "DESCRIBE": true, "SHOW": true, "SUMMARIZE": true,
	"PIVOT": true, "UNPIVOT": true,
}

// deniedWords change data or settings, or reach outside the warehouse
// (files, other databases, extensions). EXPLAIN ANALYZE would run the
// statement it explains, so these are refused anywhere in the text.
var deniedWords = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "CREATE": true, "DROP": true,
	"ALTER": true, "COPY": true, "ATTACH": true, "DETACH": true, "INSTALL": true,
	"LOAD": true, "SET": true, "RESET": true, "PRAGMA": true, "CALL": true,
	"EXPORT": true, "IMPORT": true, "VACUUM": true, "CHECKPOINT": true,
	"TRUNCATE": true, "MERGE": true, "GRANT": true, "REVOKE": true, "BEGIN": true,
	"COMMIT": true, "ROLLBACK": true, "ABORT": true, "USE": true,
	"READ_CSV": true, "READ_CSV_AUTO": true, "READ_PARQUET": true, "PARQUET_SCAN": true,
	"READ_JSON": true, "READ_JSON_AUTO": true, "READ_JSON_OBJECTS": true,
	"READ_NDJSON": true, "READ_NDJSON_AUTO": true, "READ_NDJSON_OBJECTS": true,
	"READ_TEXT": true, "READ_BLOB": true, "GLOB": true, "SNIFF_CSV": true,
	"PARQUET_METADATA": true, "PARQUET_SCHEMA": true, "PARQUET_FILE_METADATA": true,
	"SQLITE_SCAN": true, "POSTGRES_SCAN": true, "DELTA_SCAN": true, "ICEBERG_SCAN": true,
	"READ_XLSX": true, "ST_READ": true,
}

// deniedCalls are functions that run SQL given as text, which the guard
// could not see; they are refused when called, and stay usable as names.
var deniedCalls = map[string]bool{"QUERY": true, "QUERY_TABLE": true}

// sqlToken is a word (upper-cased), a string literal, or a punctuation rune.
type sqlToken struct {
	text string
	kind byte // 'w' word, 's' string literal, 'p' punctuation
}

// checkReadOnly returns an error unless q is one statement of a read-only
// kind that touches only the warehouse.
func checkReadOnly(q string) error {
	toks, err := tokenize(q)
	if err != nil {
		return err
	}
	for len(toks) > 0 && toks[len(toks)-1].text == ";" {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		return fmt.Errorf("empty query")
	}
	if toks[0].kind != 'w' || !firstWords[toks[0].text] {
		return fmt.Errorf("only read-only queries run here (SELECT, WITH, FROM, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE), not %q", toks[0].text)
	}
	for i, t := range toks {
		switch {
		case t.text == ";":
			return fmt.Errorf("one statement at a time: remove the text after the first ';'")
		case t.kind == 'w' && deniedWords[t.text]:
			return fmt.Errorf("%s is not allowed here: this page only reads the warehouse", t.text)
		case t.kind == 'w' && deniedCalls[t.text] && i+1 < len(toks) && toks[i+1].text == "(":
			return fmt.Errorf("%s(…) is not allowed here: run the SQL itself", t.text)
		case fileScan(toks, i):
			return fmt.Errorf("reading files (FROM %s) is not allowed here: this page only reads the warehouse", t.text)
		}
	}
	return nil
}

// fileScan reports whether toks[i] names a file where a table goes: a
// string after FROM or JOIN, or a quoted name that looks like a path
// ("data.csv"), which DuckDB would read as a file.
func fileScan(toks []sqlToken, i int) bool {
	if i == 0 || (toks[i-1].text != "FROM" && toks[i-1].text != "JOIN") {
		return false
	}
	t := toks[i]
	return t.kind == 's' || (t.kind == 'q' && strings.ContainsAny(t.text, "./\\"))
}

// tokenize splits q into words, string literals and punctuation, skipping
// comments and whitespace. Quoted identifiers ("update") are names, not
// keywords, so they are kept as punctuation-free words in quotes.
func tokenize(q string) ([]sqlToken, error) {
	var toks []sqlToken
	rs := []rune(q)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '/' && i+1 < len(rs) && rs[i+1] == '*':
			end := strings.Index(string(rs[i+2:]), "*/")
			if end < 0 {
				return nil, fmt.Errorf("unclosed /* comment")
			}
			i += 2 + len([]rune(string(rs[i+2:])[:end])) + 2
		case r == '\'' || r == '"':
			j, err := closeQuote(rs, i)
			if err != nil {
				return nil, err
			}
			kind := byte('s')
			if r == '"' {
				kind = 'q'
			}
			toks = append(toks, sqlToken{text: string(rs[i:j]), kind: kind})
			i = j
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(rs) && (rs[j] == '_' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			toks = append(toks, sqlToken{text: strings.ToUpper(string(rs[i:j])), kind: 'w'})
			i = j
		default:
			toks = append(toks, sqlToken{text: string(r), kind: 'p'})
			i++
		}
	}
	return toks, nil
}

// closeQuote returns the index just past the quote that closes the one at
// rs[i]; a doubled quote inside is an escaped quote.
func closeQuote(rs []rune, i int) (int, error) {
	quote := rs[i]
	for j := i + 1; j < len(rs); j++ {
		if rs[j] != quote {
			continue
		}
		if j+1 < len(rs) && rs[j+1] == quote {
			j++
			continue
		}
		return j + 1, nil
	}
	return 0, fmt.Errorf("unclosed %c quote", quote)
}
