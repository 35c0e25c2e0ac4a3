package form

import (
	"strings"
	"testing"

	"github.com/touming/touming"
)

// findCheck returns the check of rule on subject, or fails.
func findCheck(t *testing.T, cs []touming.Check, rule, subject string) touming.Check {
	t.Helper()
	for _, c := range cs {
		if c.Rule == rule && c.Subject == subject {
			return c
		}
	}
	t.Fatalf("no %s check on %s in %d checks", rule, subject, len(cs))
	return touming.Check{}
}

// C4 adds table 四's parts to its total: a wrong total fails, naming both
// sides; a null part is left out (not read as 0) and named.
func TestChecksReviewTotal(t *testing.T) {
	m := sharedModel()
	f := touming.Float
	v := map[string]*float64{"review.upheld": f(1), "review.corrected": f(2), "review.other": nil, "review.pending": f(0), "review.total": f(4)}
	c := findCheck(t, m.checks(v, m.defsFor(touming.Template2021, false)), "C4", "review.total")
	if c.OK || !strings.Contains(c.Message, "3 ≠ 4") || !strings.Contains(c.Message, "review.other") {
		t.Errorf("check %+v", c)
	}
	v["review.total"] = f(3)
	if c := findCheck(t, m.checks(v, m.defsFor(touming.Template2021, false)), "C4", "review.total"); !c.OK {
		t.Errorf("3 = 3 failed: %+v", c)
	}
}

// No check is made on a part of the form left wholly empty, and C6 fails a
// count that is not whole.
func TestChecksEmptyAndCounts(t *testing.T) {
	m := sharedModel()
	v := map[string]*float64{"lit_direct.upheld": touming.Float(1.5)}
	cs := m.checks(v, m.defsFor(touming.Template2021, false))
	for _, c := range cs {
		if c.Subject == "review.total" {
			t.Errorf("a check on empty table 四 review cells: %+v", c)
		}
	}
	if c := findCheck(t, cs, "C6", "lit_direct.upheld"); c.OK {
		t.Errorf("1.5 cases passed C6: %+v", c)
	}
}
