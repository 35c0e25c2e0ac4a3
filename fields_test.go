package touming_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// sharedDir finds ../shared beside the repository (in development); a
// fresh clone has none, and the tests that compare with it skip.
func sharedDir(t *testing.T) string {
	t.Helper()
	for _, d := range []string{"../shared", "../../shared"} {
		if fi, err := os.Stat(filepath.Join(d, "spec", "fields.tsv")); err == nil && !fi.IsDir() {
			return d
		}
	}
	t.Skip("no ../shared/spec/fields.tsv beside the repository: nothing to compare the copy with")
	return ""
}

// The embedded copy must not drift from the shared spec.
func TestFieldsMatchSharedSpec(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(sharedDir(t), "spec", "fields.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("fields.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(got)) != strings.TrimSpace(string(want)) {
		t.Fatal("fields.tsv differs from ../shared/spec/fields.tsv: copy it again")
	}
}

// LoadFields parses once but hands each caller its own list.
func TestFieldsCopies(t *testing.T) {
	a, _ := touming.LoadFields()
	key := a[0].Key
	a[0].Key = "changed"
	b, _ := touming.LoadFields()
	if b[0].Key != key {
		t.Errorf("a caller's change reached the next caller: %q", b[0].Key)
	}
}

func TestFieldsParse(t *testing.T) {
	fs, err := touming.LoadFields()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Key] {
			t.Errorf("duplicate key %s", f.Key)
		}
		seen[f.Key] = true
		switch f.Kind {
		case touming.KindCount, touming.KindAmount, touming.KindSigned:
		default:
			t.Errorf("%s: unknown kind %q", f.Key, f.Kind)
		}
	}
	n21, n19 := len(fs.For(touming.Template2021)), len(fs.For(touming.Template2019))
	// 2021: 10 in table 二, 25 rows × 7 in table 三 (with the three 其他处理
	// rows), 15 in table 四; 2019 and 2021 share 三 and 四 except 其他处理.
	if n21 != 10+25*7+15 {
		t.Errorf("2021 fields: got %d", n21)
	}
	if n19 != 22+23*7+15 {
		t.Errorf("2019 fields: got %d", n19)
	}
	if f, ok := fs.ByKey("active2019.procurement.amount"); !ok || f.Unit != "万元" || f.Kind != touming.KindAmount {
		t.Errorf("procurement amount: %+v %v", f, ok)
	}
}

func TestStatusOf(t *testing.T) {
	cases := map[error]string{
		nil: touming.StatusOK,
		fmt.Errorf("extract a.html: %w", touming.ErrNotReport):  touming.StatusNotReport,
		fmt.Errorf("extract b.pdf: %w", touming.ErrNoTextLayer): touming.StatusNoText,
		fmt.Errorf("x: %w", touming.ErrNoTables):                touming.StatusNoTables,
		fmt.Errorf("x: %w", touming.ErrUnsupported):             touming.StatusUnsupported,
		fmt.Errorf("x: %w", touming.ErrEmpty):                   touming.StatusEmpty,
		fmt.Errorf("x: %w", touming.ErrCorrupt):                 touming.StatusFailed,
		errors.New("connection reset"):                          touming.StatusFailed,
	}
	for err, want := range cases {
		if got := touming.StatusOf(err); got != want {
			t.Errorf("StatusOf(%v) = %s, want %s", err, got, want)
		}
	}
}
