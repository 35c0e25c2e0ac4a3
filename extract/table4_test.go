package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTable4Blanks: pdftotext drops blank cells; the numbers left are
// placed under the header words nearest them, not shifted left.
func TestTable4Blanks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "huaian-city-2024.pdftotext.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const row = "72   64    178    37    351   13    4        8        1        26   12   1     1    6       20"
	blanked := "72   64          37    351   13    4        8                 26   12   1     1    6       20"
	text := string(data)
	if !strings.Contains(text, row) {
		t.Fatal("corpus row not found")
	}
	r, err := fromText(Input{Name: "blanks.txt", Data: []byte(strings.Replace(text, row, blanked, 1))})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"review.upheld": 72, "review.pending": 37, "review.total": 351, "lit_direct.corrected": 4, "lit_direct.total": 26, "lit_after_review.total": 20}
	for k, w := range want {
		if v := r.Values[k]; v == nil || *v != w {
			t.Errorf("%s = %v, want %g", k, v, w)
		}
	}
	for _, k := range []string{"review.other", "lit_direct.pending"} {
		if v := r.Values[k]; v != nil {
			t.Errorf("%s = %g, want null (blank)", k, *v)
		}
	}
}
