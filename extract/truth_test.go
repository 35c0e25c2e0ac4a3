package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// sharedDir is the copy of the shared corpus and seeds this package's
// tests read (testdata/shared), so that a fresh clone without ../shared
// beside it passes; TestSharedCopies keeps the copy equal to ../shared
// when that is there.
func sharedDir(testing.TB) string { return filepath.Join("testdata", "shared") }

// liveShared finds the shared/ folder itself: TOUMING_SHARED, or ../shared
// beside the repository (../../shared from this package's directory); ""
// when there is none.
func liveShared() string {
	for _, c := range []string{os.Getenv("TOUMING_SHARED"), "../../shared", "../shared"} {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Join(c, "spec", "fields.tsv")); err == nil && !fi.IsDir() {
			return c
		}
	}
	return ""
}

// TestSharedCopies: the corpus and seeds copied into testdata/shared are
// those of ../shared, file for file (skipped without ../shared).
func TestSharedCopies(t *testing.T) {
	live := liveShared()
	if live == "" {
		t.Skip("no ../shared beside the repository to compare the copies with")
	}
	for _, sub := range []string{"corpus", "seeds"} {
		want, _ := filepath.Glob(filepath.Join(live, sub, "*"))
		got, _ := filepath.Glob(filepath.Join(sharedDir(t), sub, "*"))
		if len(got) != len(want) {
			t.Errorf("%s: %d files copied, ../shared has %d: copy them again (cp -r ../shared/%s extract/testdata/shared/)", sub, len(got), len(want), sub)
		}
		for _, w := range want {
			a, _ := os.ReadFile(w)
			b, err := os.ReadFile(filepath.Join(sharedDir(t), sub, filepath.Base(w)))
			if err != nil || !bytes.Equal(a, b) {
				t.Errorf("testdata/shared/%s/%s differs from %s: copy it again", sub, filepath.Base(w), w)
			}
		}
	}
}

// truthCase is one document with its truth file.
type truthCase struct{ doc, truth string }

// truthCases lists every document under seeds/ and corpus/ that has a
// *.truth.json beside it.
func truthCases(t testing.TB) []truthCase {
	dir := sharedDir(t)
	var out []truthCase
	for _, sub := range []string{"seeds", "corpus"} {
		truths, _ := filepath.Glob(filepath.Join(dir, sub, "*.truth.json"))
		for _, tr := range truths {
			stem := strings.TrimSuffix(tr, ".truth.json")
			docs, _ := filepath.Glob(stem + ".*")
			for _, d := range docs {
				if !strings.HasSuffix(d, ".truth.json") && !strings.HasSuffix(d, ".meta.json") {
					out = append(out, truthCase{d, tr})
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no documents with truth files under %s", dir)
	}
	return out
}

func TestTruth(t *testing.T) {
	x := New(Config{})
	defer x.Close()
	for _, tc := range truthCases(t) {
		t.Run(filepath.Base(tc.doc), func(t *testing.T) {
			data, err := os.ReadFile(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := x.Extract(Input{Name: tc.doc, Data: data})
			if err != nil {
				t.Fatalf("extract: %v", err)
			}
			for _, d := range compareTruth(t, rep, tc.truth) {
				t.Error(d)
			}
		})
	}
}

// compareTruth lists every difference between a report and a truth file.
func compareTruth(t *testing.T, rep *touming.Report, path string) []string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]any
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var diffs []string
	for k, want := range truth {
		if d := diffKey(rep, k, want); d != "" {
			diffs = append(diffs, d)
		}
	}
	for k := range rep.Values {
		if _, ok := truth[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: extracted but not in the truth", k))
		}
	}
	sort.Strings(diffs)
	return diffs
}

func diffKey(rep *touming.Report, k string, want any) string {
	var got any
	switch k {
	case "meta.agency":
		got = rep.Meta.Agency
	case "meta.year":
		got = float64(rep.Meta.Year)
	case "meta.template":
		got = string(rep.Template)
	default:
		v, ok := rep.Values[k]
		if !ok {
			return fmt.Sprintf("%s: missing from values (want %v)", k, want)
		}
		if v != nil {
			got = *v
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Sprintf("%s: got %v, want %v", k, got, want)
	}
	return ""
}
