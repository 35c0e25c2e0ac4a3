package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestCheckReruns runs touming check on a loaded warehouse: a line per
// rule of the catalogue with its counts, then the failing findings in
// Chinese with the form's labels; twice, with the same finding ids.
func TestCheckReruns(t *testing.T) {
	db := loadedDB(t)
	code, out, errs := runCmd(t, "check", "--db", db, "--failed", "5")
	if code != 0 {
		t.Fatalf("check exited %d: %s", code, errs)
	}
	for _, rule := range []string{"C1", "C5", "C8", "completeness", "timeliness", "copying", "copying_peers", "yoy_jump"} {
		if !regexp.MustCompile(`(?m)^` + rule + ` +(error|warning|notice) `).MatchString(out) {
			t.Errorf("no summary line for %s:\n%s", rule, out)
		}
	}
	if !strings.Contains(errs, "latest reports audited") {
		t.Errorf("stderr = %q, want the count audited", errs)
	}
	// Shanghai 2019 left 总计 blank under printed numbers: C3 fails, named
	// by the row's label, not by a field key.
	if !strings.Contains(out, "各申请人列之和为") || strings.Contains(out, "apply.") {
		t.Errorf("failing findings not in the form's words:\n%s", out)
	}
	ids := regexp.MustCompile(`(?m)^[0-9a-f]{16} `).FindAllString(out, -1)
	// In passes of one report: a progress line each, the same findings.
	_, again, errs := runCmd(t, "check", "--db", db, "--failed", "5", "--chunk", "1", "--memory", "500MB")
	passes := regexp.MustCompile(`(?m)^touming check: [0-9]+ of [0-9]+ latest reports audited`).FindAllString(errs, -1)
	if len(passes) < 2 || !strings.Contains(errs, "rebuilding the derived tables") {
		t.Errorf("check --chunk 1: progress %q, want a line per report", errs)
	}
	if got := regexp.MustCompile(`(?m)^[0-9a-f]{16} `).FindAllString(again, -1); len(ids) == 0 || strings.Join(got, "") != strings.Join(ids, "") {
		t.Errorf("finding ids changed across reruns: %v then %v", ids, got)
	}
	if code, _, _ := runCmd(t, "check"); code != 2 {
		t.Errorf("check without --db exited %d, want 2", code)
	}
}
