package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/internal/golden"
)

// goldenOut is what a golden file holds: the whole result of one input.
type goldenOut struct {
	Status string          `json:"status"`
	Error  string          `json:"error,omitempty"`
	Report *touming.Report `json:"report,omitempty"`
}

// TestGolden reads every input in testdata/golden. Each has a .want.json
// (the numbers it was built from, in the truth format, or {"status": …}
// for a document that is no report) and a .golden.json with the full
// output (cells, checks), rewritten by -update.
func TestGolden(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	inputs, _ := filepath.Glob("testdata/golden/*")
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".json") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) { goldenCase(t, x, in) })
	}
	if n == 0 {
		t.Fatal("no golden inputs in testdata/golden")
	}
}

func goldenCase(t *testing.T, x *Extractor, in string) {
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	stem := strings.TrimSuffix(in, filepath.Ext(in))
	rep, err := x.Extract(Input{Name: filepath.Base(in), Data: data})
	out := goldenOut{Status: touming.ReportStatus(rep, err), Report: rep}
	if err != nil {
		out.Error = err.Error()
	}
	checkWant(t, stem+".want.json", out)
	got, _ := json.MarshalIndent(out, "", " ")
	got = append(got, '\n')
	golden.Check(t, stem+".golden.json", got)
}

// checkWant compares the output with the numbers the input was built from.
func checkWant(t *testing.T, path string, out goldenOut) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("every golden input needs its %s: %v", path, err)
	}
	var want map[string]any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if st, ok := want["status"]; ok {
		if out.Status != st {
			t.Fatalf("status %s (%s), want %v", out.Status, out.Error, st)
		}
		return
	}
	if out.Report == nil {
		t.Fatalf("extract: %s", out.Error)
	}
	for _, d := range compareTruth(t, out.Report, path) {
		t.Error(d)
	}
}

func goldenInput(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "golden", name))
}

// TestConcurrentExtract: one Extractor serves many goroutines, and they
// get what one alone gets (run with -race to check the sharing).
func TestConcurrentExtract(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	inputs, _ := filepath.Glob("testdata/golden/*.html")
	want := map[string]string{}
	for _, in := range inputs {
		want[in] = extractJSON(t, x, in)
	}
	done := make(chan string, 4*len(inputs))
	for g := 0; g < 4; g++ {
		go func() {
			for _, in := range inputs {
				if extractJSON(t, x, in) != want[in] {
					done <- in
					continue
				}
				done <- ""
			}
		}()
	}
	for range 4 * len(inputs) {
		if in := <-done; in != "" {
			t.Errorf("%s: concurrent extraction differs", in)
		}
	}
}

func extractJSON(t *testing.T, x *Extractor, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return ""
	}
	r, err := x.Extract(Input{Name: path, Data: data})
	b, _ := json.Marshal(goldenOut{Status: touming.StatusOf(err), Report: r})
	return string(b)
}
