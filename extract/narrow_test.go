package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNarrowShanghaiText reads pdftotext -layout output of the 2019
// Shanghai report printed in narrow columns: blank cells dropped, headers
// wrapped over lines, table 三 over two pages spaced differently. Tables
// 二 and 三 and the metadata must give the truth. Table 四's header and
// numbers are spaced so unlike each other in this print that their
// columns cannot be told apart by position: its cells may stay
// null, but a number read must be the true one.
func TestNarrowShanghaiText(t *testing.T) {
	data, err := os.ReadFile("testdata/attachments/shanghai-office-2019.pdftotext.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := fromText(Input{Name: "shanghai-office-2019.pdftotext.txt", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "shanghai-office-2019.truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]any
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	for k, want := range truth {
		d := diffKey(rep, k, want)
		if d == "" {
			continue
		}
		if v, ok := rep.Values[k]; ok && v == nil && isTable4Key(k) {
			continue
		}
		t.Error(d)
	}
	for k := range rep.Values {
		if _, ok := truth[k]; !ok {
			t.Errorf("%s: extracted but not in the truth", k)
		}
	}
}

func isTable4Key(k string) bool {
	for _, g := range []string{"review", "lit_direct", "lit_after_review"} {
		if strings.HasPrefix(k, g+".") {
			return true
		}
	}
	return false
}

// TestNarrowBlankNeverWrong reads pdftotext -layout output of the Pingtan
// report printed with its zero cells left blank (a Word habit): pdftotext
// then spaces each row by its own text, so a row's numbers no longer sit
// under their columns. Table 二 and the metadata must give the truth (a
// blank is null); in tables 三 and 四 a cell may stay null, but a number
// read must be the true one.
// The second print is Chromium's, with the table narrowed to 60% of the
// page.
// The third is Chromium's print of the Shanghai page narrowed to 75%,
// whose blank cells were blank on the page already.
func TestNarrowBlankNeverWrong(t *testing.T) {
	for f, src := range map[string]string{
		"pingtan-2024-blank.pdftotext.txt":          "pingtan-2024",
		"pingtan-2024-narrow-blank.pdftotext.txt":   "pingtan-2024",
		"shanghai-office-2019-narrow.pdftotext.txt": "shanghai-office-2019",
	} {
		t.Run(f, func(t *testing.T) { blankNeverWrong(t, f, src) })
	}
}

func blankNeverWrong(t *testing.T, file, src string) {
	data, err := os.ReadFile(filepath.Join("testdata", "attachments", file))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := fromText(Input{Name: file, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", src+".truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]any
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	for k, want := range truth {
		if want == 0.0 && strings.Contains(file, "blank") {
			want = nil // the zero was printed blank
		}
		v, ok := rep.Values[k]
		unknown := ok && v == nil && (strings.HasPrefix(k, "apply.") || isTable4Key(k))
		if d := diffKey(rep, k, want); d != "" && !unknown {
			t.Error(d)
		}
	}
}
