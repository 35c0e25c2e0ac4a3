package charts

import (
	"fmt"
	"strings"

	"github.com/touming/touming/internal/sqltext"
)

// The SQL page's guard is the sandbox (warehouse.Sandbox): DuckDB counts
// the statements, parses them and runs them in an instance that cannot
// write, read files or change settings. This file only gives a friendly
// first answer to the commonest mistake, a statement that writes, before
// the text reaches DuckDB; anything it lets through is judged there.

// writingWords start statements that change data, settings, files or
// extensions.
var writingWords = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "CREATE": true, "DROP": true,
	"ALTER": true, "COPY": true, "ATTACH": true, "DETACH": true, "INSTALL": true,
	"LOAD": true, "SET": true, "RESET": true, "PRAGMA": true, "CALL": true,
	"EXPORT": true, "IMPORT": true, "VACUUM": true, "CHECKPOINT": true,
	"TRUNCATE": true, "MERGE": true, "BEGIN": true, "COMMIT": true, "ROLLBACK": true,
	"ABORT": true, "USE": true, "PREPARE": true, "EXECUTE": true, "DEALLOCATE": true,
	"UPSERT": true, "REPLACE": true, "GRANT": true, "REVOKE": true, "COMMENT": true,
}

// friendlyCheck refuses an empty query and one whose first word starts a
// writing statement, with a message that says what the page runs.
func friendlyCheck(q string) error {
	w := strings.ToUpper(firstSQLWord(q))
	switch {
	case sqltext.SkipSpace(q) == "":
		return fmt.Errorf("empty query")
	case writingWords[w]:
		return fmt.Errorf("%s is not allowed here: this page only reads the warehouse, one read-only statement at a time (SELECT, WITH, FROM, TABLE, VALUES, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, PIVOT)", w)
	}
	return nil
}

// firstSQLWord is the first word of q after spaces and comments.
func firstSQLWord(q string) string {
	_, w := sqltext.NextWord(q)
	return w
}
