package charts

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -run %s -update to create it)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; if the change is right, run go test ./charts -update\ngot:\n%s", path, got)
	}
}

// The numbers behind every chart of the compare page for the fixture, as
// their CSV downloads give them: a change in a formula, a series or a
// blank handled as 0 shows here.
func TestCompareGoldenCSV(t *testing.T) {
	s := newServer(t, loadedDB())
	var b strings.Builder
	for _, name := range []string{"active_normative_issued", "active_licensing", "active_penalty", "active_fees", "apply_outcomes",
		"apply_shares", "disclosure_rate", "review_correction_rate", "lit_loss_rate", "yoy_apply_new", "yoy",
		"trend_applications", "trend_disclosure_rate", "rank_disclosure_rate"} {
		res, body := get(t, s, "/compare?region=410700&years=2022,2023&csv="+name)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", name, res.StatusCode, body)
		}
		b.WriteString("## " + name + "\n" + strings.TrimPrefix(body, "\xEF\xBB\xBF") + "\n")
	}
	golden(t, "compare.csv.golden", b.String())
}
