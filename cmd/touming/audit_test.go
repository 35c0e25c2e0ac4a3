package main

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/touming/touming/sampleportal"
)

// auditRuleOf is the rule each audit defect of the sample portal breaks.
var auditRuleOf = map[sampleportal.AuditDefect]string{
	sampleportal.AuditLate:      "timeliness",
	sampleportal.AuditCarryOver: "C5",
	sampleportal.AuditCopied:    "copying",
	sampleportal.AuditNarrative: "C7",
}

// TestAuditOnTheSamplePortal loads the sample portal's six years and
// checks that the warehouse's rules fail exactly where the portal put a
// flaw: a late report, a carry-over that disagrees with last year, a
// report copied from last year, a narrative contradicting its table, and
// nowhere else; then that touming check reruns to the same findings.
func TestAuditOnTheSamplePortal(t *testing.T) {
	db := serveSampleWarehouse(t)
	var want []string
	for _, r := range sampleportal.New(sampleportal.Options{Bodies: true}).Reports() {
		if r.Audit != "" {
			want = append(want, fmt.Sprintf("%s %d %s", r.Agency, r.Year, auditRuleOf[r.Audit]))
		}
	}
	sort.Strings(want)
	if len(want) != 4 {
		t.Fatalf("the portal has %d audit defects, want 4: %v", len(want), want)
	}
	failed := `SELECT r.agency || ' ' || f.year || ' ' || f.rule FROM audit_findings f JOIN reports r ON r.id = f.report_id
		WHERE NOT f.ok AND f.rule IN ('C5', 'C7', 'timeliness', 'copying') GROUP BY ALL ORDER BY 1`
	got := query(t, db, failed)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("failing findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	late := query(t, db, `SELECT figure, message FROM audit_findings WHERE rule = 'timeliness' AND NOT ok`)
	if len(late) != 1 || !strings.HasPrefix(late[0], "15发布日期 2023-04-15，截止日期 2023-03-31（日期来源：页面发布日期）") {
		t.Errorf("the late report: %v", late)
	}
	carry := query(t, db, `SELECT list_sort(list(label)) FROM audit_findings WHERE rule = 'C5' AND NOT ok`)
	if len(carry) != 1 || !strings.Contains(carry[0], "二、上年结转政府信息公开申请数量") {
		t.Errorf("the carry-over findings name %v, want the form's labels of the cells", carry)
	}
	// Every other report holds where it can be assessed: C5 holds for
	// most reports (a previous year exists for five of six years).
	if n := query(t, db, `SELECT count(*) >= 100 FROM audit_findings WHERE rule = 'C5' AND ok`); n[0] != "true" {
		t.Errorf("fewer than 100 C5 findings hold, want most of the portal's")
	}
	code, out, errs := runCmd(t, "check", "--db", db, "--failed", "0")
	if code != 0 || !strings.Contains(out, "timeliness") {
		t.Fatalf("check exited %d: %s%s", code, out, errs)
	}
	if again := query(t, db, failed); strings.Join(again, "\n") != strings.Join(got, "\n") {
		t.Errorf("touming check changed the findings: %v", again)
	}
}
