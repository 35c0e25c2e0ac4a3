package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// seedFuzz adds the golden inputs and the shared corpus as seeds.
func seedFuzz(f *testing.F, exts ...string) {
	paths, _ := filepath.Glob("testdata/golden/*")
	more, _ := filepath.Glob(filepath.Join(sharedDir(f), "corpus", "*"))
	for _, p := range append(paths, more...) {
		for _, e := range exts {
			if strings.HasSuffix(p, e) {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
				}
			}
		}
	}
	f.Add([]byte(`<table><tr><td rowspan=999 colspan=999>申请人情况</td><td rowspan=0>1</td></tr></table>`))
}

// reasons are the errors a reader may return besides a report.
var reasons = []error{touming.ErrNotReport, touming.ErrNoTables, touming.ErrCorrupt, touming.ErrInAttachment, touming.ErrEmpty}

// checkFuzz holds for any output: a reason error, or a report with every
// key of its template.
func checkFuzz(t *testing.T, r *touming.Report, err error) {
	if err != nil {
		for _, re := range reasons {
			if errors.Is(err, re) {
				return
			}
		}
		t.Fatalf("error without a reason: %v", err)
	}
	if len(r.Values) < 198 {
		t.Fatalf("report with %d values: every key of the template must be there", len(r.Values))
	}
	for _, c := range r.Cells {
		if (c.Value == nil) != (c.Class != touming.ClassNumber && c.Class != touming.ClassZero) {
			t.Fatalf("cell %s: class %s with value %v", c.Key, c.Class, c.Value)
		}
	}
}

func FuzzHTML(f *testing.F) {
	seedFuzz(f, ".html")
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := fromHTML(Input{Name: "fuzz.html", Data: data})
		checkFuzz(t, r, err)
	})
}

func FuzzText(f *testing.F) {
	seedFuzz(f, ".txt")
	f.Add([]byte("三、收到和处理\n勾稽关系\n一、本年新收|1|2|3\n行政复议\n1 2 3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := fromText(Input{Name: "fuzz.txt", Data: data})
		checkFuzz(t, r, err)
	})
}
