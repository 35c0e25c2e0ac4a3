package warehouse

import (
	"context"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// narrativeA and narrativeB are two unrelated narratives, long enough to
// be compared (minChars).
var (
	narrativeA = strings.Repeat("本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实条例，加强政务公开标准化规范化建设，主动回应社会关切。", 4)
	narrativeB = strings.Repeat("我局围绕优化营商环境开展政策解读，完善依申请公开办理机制，开展业务培训三次，网站栏目整合更新，考核评议结果良好。", 4)
)

// auditReport is a hand-built report of agency for year: the truth file's
// values with the carry-over columns, table 二 and dates set, and the six
// sections with the given narrative.
func auditReport(t *testing.T, agency string, year int, published, story string, sections string) *touming.Report {
	r := truthReport(t, "pingtan-2024")
	r.Meta.Agency, r.Meta.Year, r.Meta.Published, r.Meta.PublishedFrom = agency, year, published, "page"
	r.Tables = []touming.TableRead{{Table: "二", Rows: 6, Of: 6}, {Table: "三", Rows: 30, Of: 30}, {Table: "四", Rows: 3, Of: 3}}
	for _, n := range sections {
		s := touming.Section{Number: string(n), Title: string(n) + "、"}
		if s.Number == "一" {
			s.Text = story
		}
		r.Sections = append(r.Sections, s)
	}
	return r
}

func setVal(r *touming.Report, kv map[string]float64) {
	for k, v := range kv {
		r.Values[k] = touming.Float(v)
	}
	r.Cells = cellsOf(r.Values)
}

// finding is one row of audit_findings.
type finding struct {
	id      string
	ok      any
	figure  any
	message any
}

func findings(t *testing.T, db *DB, agency string, year int, rule, subject string) []finding {
	t.Helper()
	tb, err := db.Query(context.Background(), 0, `SELECT f.id, f.ok, f.figure, f.message FROM audit_findings f JOIN reports r ON r.id = f.report_id
		WHERE r.agency = ? AND f.year = ? AND f.rule = ? AND f.subject = ? ORDER BY f.id`, agency, year, rule, subject)
	if err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, row := range tb.Rows {
		out = append(out, finding{id: row[0].(string), ok: row[1], figure: row[2], message: row[3]})
	}
	return out
}

func oneFinding(t *testing.T, db *DB, agency string, year int, rule, subject string) finding {
	t.Helper()
	fs := findings(t, db, agency, year, rule, subject)
	if len(fs) != 1 {
		t.Fatalf("%s %d %s %s: %d findings, want 1", agency, year, rule, subject, len(fs))
	}
	return fs[0]
}

const (
	dept = "沭阳县发展和改革局"
	gov  = "沭阳县人民政府"
)

// auditWarehouse writes a department's 2022 and 2023 reports and a
// government's 2023 report, built so that each rule holds, fails or
// cannot be assessed somewhere.
func auditWarehouse(t *testing.T) *DB {
	db := openTemp(t)
	d22 := auditReport(t, dept, 2022, "2023-01-20", narrativeA, "一二三四五六")
	setVal(d22, map[string]float64{"apply.carried_forward.natural_person": 4, "apply.carried_forward.total": 4,
		"active.normative.in_force": 400, "apply.new_received.total": 20})
	d23 := auditReport(t, dept, 2023, "2024-02-10", narrativeA+"\n共收到政府信息公开申请 999 件。", "一二三四五六")
	setVal(d23, map[string]float64{"apply.carried_over.natural_person": 5, "apply.carried_over.total": 4,
		"active.normative.in_force": 429, "apply.new_received.total": 218}) // 400 + 62 − 33 = 429
	delete(d23.Values, "apply.carried_over.commercial")
	d23.Values["apply.carried_over.commercial"] = nil
	d23.Cells = cellsOf(d23.Values)
	g23 := auditReport(t, gov, 2023, "2024-03-20", narrativeA, "一二三四六")
	g23.Tables = g23.Tables[:2]
	write(t, db,
		Item{Document: doc("https://example.gov.cn/d22.html", "d22"), Report: d22},
		Item{Document: doc("https://example.gov.cn/d23.html", "d23"), Report: d23})
	write(t, db, Item{Document: doc("https://example.gov.cn/g23.html", "g23"), Report: g23})
	return db
}

func TestAuditCarryOver(t *testing.T) {
	db := auditWarehouse(t)
	f := oneFinding(t, db, dept, 2023, "C5", "apply.carried_over.natural_person")
	if f.ok != false || !strings.Contains(f.message.(string), "上年结转 5 件") || !strings.Contains(f.message.(string), "结转下年度继续办理 4 件") || !strings.Contains(f.message.(string), "自然人") {
		t.Errorf("C5 natural_person = %+v, want a failure 5 ≠ 4 naming the column", f)
	}
	if f := oneFinding(t, db, dept, 2023, "C5", "apply.carried_over.total"); f.ok != true {
		t.Errorf("C5 total = %+v, want it to hold (4 = 4)", f)
	}
	if f := oneFinding(t, db, dept, 2023, "C5", "apply.carried_over.commercial"); f.ok != nil {
		t.Errorf("C5 on a null cell = %+v, want not assessable", f)
	}
	if f := oneFinding(t, db, gov, 2023, "C5", "apply.carried_over.total"); f.ok != nil {
		t.Errorf("C5 without last year = %+v, want not assessable", f)
	}
	cells := one(t, db, `SELECT f.cells[1] || ' ' || f.other_cells[1] || ' ' || (o.year::VARCHAR) FROM findings f JOIN reports o ON o.id = f.other_report_id
		WHERE f.rule = 'C5' AND f.subject = 'apply.carried_over.natural_person'`)
	if cells != "apply.carried_over.natural_person apply.carried_forward.natural_person 2022" {
		t.Errorf("C5 names %v, want this year's cell, last year's cell and report", cells)
	}
}

func TestAuditTable2Balance(t *testing.T) {
	db := auditWarehouse(t)
	if f := oneFinding(t, db, dept, 2023, "C8", "active.normative.in_force"); f.ok != true {
		t.Errorf("C8 normative = %+v, want it to hold (400 + 62 − 33 = 429)", f)
	}
	if f := oneFinding(t, db, dept, 2022, "C8", "active.normative.in_force"); f.ok != nil {
		t.Errorf("C8 without last year = %+v, want not assessable", f)
	}
	// Break it: rerun on the whole warehouse after a re-issue.
	r := auditReport(t, dept, 2023, "2024-02-10", narrativeA, "一二三四五六")
	setVal(r, map[string]float64{"active.normative.in_force": 500})
	r.Meta.Published = "2024-02-11"
	write(t, db, Item{Document: doc("https://example.gov.cn/d23b.html", "d23b"), Report: r})
	f := oneFinding(t, db, dept, 2023, "C8", "active.normative.in_force")
	if f.ok != false || !strings.Contains(f.message.(string), "= 429，本年现行有效为 500") {
		t.Errorf("C8 after the re-issue = %+v, want 429 ≠ 500", f)
	}
}

func TestAuditNarrative(t *testing.T) {
	db := auditWarehouse(t)
	f := oneFinding(t, db, dept, 2023, "C7", "apply.new_received.total")
	if f.ok != false || !strings.Contains(f.message.(string), "正文称 999 件，表格为 218 件") {
		t.Errorf("C7 = %+v, want the narrative's 999 against the table's 218", f)
	}
	if fs := findings(t, db, dept, 2022, "C7", "apply.new_received.total"); len(fs) != 0 {
		t.Errorf("C7 on a narrative stating no total = %+v, want no finding", fs)
	}
}

func TestAuditCompleteness(t *testing.T) {
	db := auditWarehouse(t)
	if f := oneFinding(t, db, dept, 2023, "completeness", "parts"); f.ok != true || f.figure != 9.0 {
		t.Errorf("completeness of a whole report = %+v", f)
	}
	f := oneFinding(t, db, gov, 2023, "completeness", "parts")
	if f.ok != false || f.message != "缺少第五部分（存在问题及改进）、表四" {
		t.Errorf("completeness = %+v, want 缺少第五部分…、表四", f)
	}
}

func TestAuditTimeliness(t *testing.T) {
	db := auditWarehouse(t)
	f := oneFinding(t, db, dept, 2023, "timeliness", "published")
	if f.ok != false || f.figure != 10.0 || !strings.Contains(f.message.(string), "截止日期 2024-01-31（日期来源：页面发布日期），逾期 10 天") {
		t.Errorf("a department's report of 2024-02-10 = %+v, want 10 days late", f)
	}
	if f := oneFinding(t, db, gov, 2023, "timeliness", "published"); f.ok != true || f.figure != -11.0 {
		t.Errorf("a government's report of 2024-03-20 = %+v, want on time, 11 days early", f)
	}
}

func TestAuditCopying(t *testing.T) {
	db := auditWarehouse(t)
	f := oneFinding(t, db, dept, 2023, "copying", "narrative")
	if f.ok != false || f.figure.(float64) < 80 || !strings.Contains(f.message.(string), "相似度") {
		t.Errorf("a narrative copied from last year = %+v, want > 80 %% and a failure", f)
	}
	if f := oneFinding(t, db, dept, 2022, "copying", "narrative"); f.ok != nil {
		t.Errorf("copying without last year = %+v, want not assessable", f)
	}
	p := oneFinding(t, db, gov, 2023, "copying_peers", "narrative")
	if p.figure.(float64) < 80 || !strings.Contains(p.message.(string), dept) {
		t.Errorf("a government's narrative equal to a department's = %+v, want a near-duplicate naming it", p)
	}
	// An unrelated narrative next year is not a copy, and the figure is kept.
	r := auditReport(t, dept, 2024, "2025-01-10", narrativeB, "一二三四五六")
	write(t, db, Item{Document: doc("https://example.gov.cn/d24.html", "d24"), Report: r})
	if f := oneFinding(t, db, dept, 2024, "copying", "narrative"); f.ok != true || f.figure.(float64) > 30 {
		t.Errorf("an unrelated narrative = %+v, want it to hold with a low figure", f)
	}
}

func TestAuditYearOverYear(t *testing.T) {
	db := auditWarehouse(t)
	f := oneFinding(t, db, dept, 2023, "yoy_jump", "apply.new_received.total")
	if f.ok != false || f.figure != 10.9 {
		t.Errorf("20 → 218 = %+v, want a jump of ×10.9", f)
	}
	if fs := findings(t, db, dept, 2023, "yoy_jump", "active.normative.in_force"); len(fs) != 0 {
		t.Errorf("400 → 429 flagged: %+v", fs)
	}
}

// TestAuditRerunKeepsIDs reruns the catalogue on the whole warehouse
// (touming check): the same findings with the same ids.
func TestAuditRerunKeepsIDs(t *testing.T) {
	db := auditWarehouse(t)
	ids := func() string {
		return one(t, db, `SELECT string_agg(id || ':' || coalesce(ok::VARCHAR, 'na'), ',' ORDER BY id) FROM findings`).(string)
	}
	before := ids()
	st, err := db.Audit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Reports != 3 || st.Failed["C5"] != 1 {
		t.Errorf("Audit = %+v, want 3 reports and one failing C5", st)
	}
	if after := ids(); after != before {
		t.Errorf("rerun changed the findings:\n%s\n%s", before, after)
	}
	if n := count(t, db, "(SELECT id FROM audit_findings GROUP BY id HAVING count(*) > 1)"); n != 0 {
		t.Errorf("%d finding ids repeat", n)
	}
}
