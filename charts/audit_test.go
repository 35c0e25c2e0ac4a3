package charts

import (
	"net/http"
	"strings"
	"testing"
)

// auditRatesTable is audit_rates by province for two provinces: 河南 with
// one failing of two assessed, 江苏 with nothing assessable for C5.
func auditRatesTable() *memDB {
	m := newMemDB()
	cols := []string{"key", "name", "reports", "arith_assessed", "arith_failed", "arith_rate", "carry_assessed", "carry_failed", "carry_rate",
		"time_assessed", "time_ok", "time_rate", "complete_assessed", "complete_ok", "complete_rate", "copy_assessed", "copy_failed", "copy_rate"}
	m.tables["audit_rates"] = tbl(cols,
		[]any{"410000", "河南省", int64(3), int64(2), int64(1), 50.0, int64(1), int64(1), 100.0, int64(3), int64(2), 66.7, int64(3), int64(3), 100.0, int64(1), int64(1), 100.0},
		[]any{"320000", "江苏省", int64(1), int64(1), int64(0), 0.0, int64(0), int64(0), nil, int64(1), int64(0), 0.0, int64(1), int64(0), 0.0, int64(0), int64(0), nil})
	return m
}

func TestAuditPage(t *testing.T) {
	db := auditRatesTable()
	s := newServer(t, db)
	resp, body := get(t, s, "/audit")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := db.args["audit_rates"]; len(got) != 1 || got[0] != "province" {
		t.Errorf("audit_rates asked with %v, want by province", got)
	}
	for _, want := range []string{"勾稽关系差错率", "按时公开率", "完整率", "雷同率", "上年结转不一致率",
		`href="/data/audit_reports?arith_ok=false&amp;province_code=410000">1</a>`, // the failing reports behind the cell
		`id="audit_arith"`, "规则目录"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	assertLocalOnly(t, body)
	_, csv := get(t, s, "/audit?csv=audit_time")
	rec := readCSV(t, csv)
	if len(rec) != 3 || rec[1][1] != "河南省" || rec[1][4] != "2" || rec[1][5] != "66.7" || rec[2][5] != "0" {
		t.Errorf("audit_time CSV = %v", rec)
	}
	_, csv = get(t, s, "/audit?csv=audit_carry")
	if rec := readCSV(t, csv); len(rec) != 3 || rec[2][5] != "" {
		t.Errorf("a rate with nothing assessable is blank, not 0: %v", rec)
	}
	if resp, _ := get(t, s, "/audit?by=county"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("by=county: status %d, want 400", resp.StatusCode)
	}
	_, body = get(t, s, "/audit?by=kind")
	if db.args["audit_rates"][0] != "kind" || !strings.Contains(body, "按机关类别") {
		t.Errorf("by=kind not passed on or not shown")
	}
}
