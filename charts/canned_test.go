package charts

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

// The starter queries of docs/warehouse.md are the canned queries: each
// SQL block there is a canned query with its defaults, word for word (the
// warehouse's tests run the blocks on a loaded warehouse).
func TestCannedQueriesAreTheDocs(t *testing.T) {
	all, err := cannedQueries()
	if err != nil {
		t.Fatal(err)
	}
	bound := map[string]string{}
	for _, q := range all {
		text, err := q.bind(url.Values{})
		if err != nil {
			t.Fatalf("%s with its defaults: %v", q.Name, err)
		}
		bound[squash(text)] = q.Name
	}
	doc, err := os.ReadFile("../docs/warehouse.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```sql\n")[1:]
	if len(blocks) < 5 {
		t.Fatalf("docs/warehouse.md has %d SQL blocks", len(blocks))
	}
	for _, b := range blocks {
		q, _, _ := strings.Cut(b, "```")
		if _, ok := bound[squash(q)]; !ok {
			t.Errorf("this query of docs/warehouse.md is no canned query (charts/canned/*.sql with its defaults):\n%s", q)
		}
	}
}

// squash drops the trailing semicolon and collapses white space.
func squash(q string) string {
	return strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(q), ";")), " ")
}

// Parameters take their defaults, the URL's values, and are refused when
// not of their type; text is quoted.
func TestCannedBind(t *testing.T) {
	q, ok, err := findCanned("failed_checks")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	text, err := q.bind(url.Values{"rule": {"C2' OR 1=1 --"}})
	if err != nil || !strings.Contains(text, "rule = 'C2'' OR 1=1 --'") {
		t.Errorf("text parameter: %v\n%s", err, text)
	}
	q, _, _ = findCanned("counties_most_applications")
	if text, _ := q.bind(url.Values{}); !strings.HasSuffix(text, "LIMIT 20") {
		t.Errorf("default limit: %s", text)
	}
	if _, err := q.bind(url.Values{"limit": {"1; DROP TABLE x"}}); err == nil {
		t.Error("a non-integer limit was accepted")
	}
	if _, err := parseCanned("x", "-- t\n-- :n integer 1 n\nSELECT 1"); err == nil {
		t.Error("a declared parameter that the SQL does not use was accepted")
	}
}
