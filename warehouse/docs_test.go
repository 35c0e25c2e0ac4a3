package warehouse

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/touming/touming"
)

var update = flag.Bool("update", false, "rewrite the generated parts of docs/warehouse.md")

const docPath = "../docs/warehouse.md"

// TestDocsAreCurrent fails when the generated sections of docs/warehouse.md
// (the columns of every table and view, and the field list from fields.tsv)
// differ from what the code holds; go test ./warehouse -update rewrites them.
func TestDocsAreCurrent(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	db := openTemp(t)
	sections := map[string]string{"columns": columnsSection(t, db), "fields": fieldsSection(touming.MustFields())}
	for name, body := range sections {
		begin, end := "<!-- "+name+":begin -->\n", "<!-- "+name+":end -->"
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("%s lacks the markers %q … %q", docPath, begin, end)
		}
		if doc[i+len(begin):j] == body {
			continue
		}
		if !*update {
			t.Errorf("%s: the %s section is stale; run go test ./warehouse -run TestDocsAreCurrent -update", docPath, name)
			continue
		}
		doc = doc[:i+len(begin)] + body + doc[j:]
	}
	if *update {
		if err := os.WriteFile(docPath, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// columnsSection lists the columns of every table and view but the wide
// ones (whose columns are the fields).
func columnsSection(t *testing.T, db *DB) string {
	tb, err := db.Query(context.Background(), 0, `SELECT c.table_name, c.column_name, c.data_type
		FROM duckdb_columns() c
		WHERE c.table_name NOT LIKE 'report_wide_%' AND c.table_name IN (
			SELECT table_name FROM duckdb_tables() WHERE NOT internal
			UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal)
		ORDER BY c.table_name IN (SELECT view_name FROM duckdb_views()), c.table_name, c.column_index`)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	last := ""
	for _, r := range tb.Rows {
		if r[0] != last {
			last = r[0].(string)
			fmt.Fprintf(&b, "\n- **%s**: ", last)
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s` %s", r[1], strings.ToLower(r[2].(string)))
	}
	return strings.TrimPrefix(b.String(), "\n") + "\n"
}

// fieldsSection is the field list as a Markdown table.
func fieldsSection(fs touming.Fields) string {
	var b strings.Builder
	b.WriteString("| key | 表 | template | 行 (row) | 列 (column) | unit | kind |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, f := range fs {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", f.Key, f.Table, f.Template, f.Row, f.Column, f.Unit, f.Kind)
	}
	return b.String()
}

// TestDocQueriesRun runs every ```sql block of docs/warehouse.md on a
// loaded warehouse: the starter queries must work as written.
func TestDocQueriesRun(t *testing.T) {
	b, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	items := truthItems(t)
	items[0].Report.Checks = []touming.Check{{Rule: "C1", Subject: "apply.*.total", OK: false,
		Expected: touming.Float(2), Actual: touming.Float(3), Cells: []string{"apply.new_received.total"}}}
	notice := doc("https://example.gov.cn/tz.html", "notice")
	notice.Status, notice.Error = touming.StatusNotReport, "extract tz.html: not an annual report"
	write(t, db, append(items, Item{Document: notice})...)
	blocks := strings.Split(string(b), "```sql\n")[1:]
	if len(blocks) < 3 {
		t.Fatalf("%s has %d SQL examples", docPath, len(blocks))
	}
	for _, blk := range blocks {
		q, _, _ := strings.Cut(blk, "```")
		tb, err := db.Query(context.Background(), 0, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if len(tb.Rows) == 0 {
			t.Errorf("%s: no rows on the truth reports", q)
		}
	}
}
