package warehouse

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/touming/touming"
)

// TestClassifyAgency places real agency names: kinds, department types,
// regions refined from the source's, and name variants giving one key.
func TestClassifyAgency(t *testing.T) {
	regions, err := loadRegions()
	if err != nil {
		t.Fatal(err)
	}
	depts, err := loadDepartments()
	if err != nil {
		t.Fatal(err)
	}
	db := &DB{regions: regions, departments: depts}
	cases := []struct {
		source, name, region, kind, dept string
	}{
		{"", "沭阳县人民政府办公室", "321322", KindOffice, ""},
		{"", "沭阳县政府办公室", "321322", KindOffice, ""},
		{"", "沭阳县发展和改革局", "321322", KindDepartment, "发展和改革委员会"},
		{"", "沭阳县发改局", "321322", KindDepartment, "发展和改革委员会"},
		{"410700", "新乡市获嘉县人民政府", "410724", KindCountyGov, ""},
		{"410724", "获嘉县国土资源局", "410724", KindDepartment, "自然资源和规划局"},
		{"410724", "获嘉县自然资源局", "410724", KindDepartment, "自然资源和规划局"},
		{"410721", "新乡县 公安局", "410721", KindDepartment, "公安局"},
		{"410721", "新乡县七里营镇人民政府", "410721", KindTownship, ""},
		{"410721", "新乡县七里营镇", "410721", KindTownship, ""},
		{"410782", "辉县市城关街道办事处", "410782", KindStreet, ""},
		{"", "平潭综合实验区管委会", "350128", KindZone, ""},
		{"", "河南省人民政府", "410000", KindProvinceGov, ""},
		{"", "新乡市人民政府", "410700", KindCityGov, ""},
		{"", "上海市人民政府办公厅", "310000", KindOffice, ""},
		{"410721", "新乡县老干部活动中心", "410721", KindOther, ""},
		{"", "某某单位", "", KindOther, ""},
	}
	keys := map[string]string{}
	for _, c := range cases {
		got, ok := db.classifyAgency(c.source, c.name)
		if !ok || got.regionCode != c.region || got.kind != c.kind || got.deptType != c.dept {
			t.Errorf("%s (source %q) = %+v, want region %s kind %s type %q", c.name, c.source, got, c.region, c.kind, c.dept)
		}
		keys[c.name] = got.key
	}
	for _, same := range [][2]string{{"沭阳县人民政府办公室", "沭阳县政府办公室"}, {"沭阳县发展和改革局", "沭阳县发改局"},
		{"获嘉县国土资源局", "获嘉县自然资源局"}, {"新乡县七里营镇人民政府", "新乡县七里营镇"}} {
		if keys[same[0]] != keys[same[1]] {
			t.Errorf("%s and %s are one agency: keys %q and %q", same[0], same[1], keys[same[0]], keys[same[1]])
		}
	}
	if keys["沭阳县人民政府办公室"] == keys["沭阳县发改局"] {
		t.Errorf("an office and a department share key %q", keys["沭阳县发改局"])
	}
	if _, ok := db.classifyAgency("410721", "  "); ok {
		t.Error("a blank name was placed")
	}
}

// agencyReport is a report of agency for year with the truth file's
// values of name, one of them changed by delta.
func agencyReport(t *testing.T, name, agency string, year int, delta float64) *touming.Report {
	r := truthReport(t, name)
	r.Meta.Agency, r.Meta.Year = agency, year
	if delta != 0 {
		v := *r.Values["apply.new_received.total"] + delta
		r.Values["apply.new_received.total"] = &v
	}
	r.Cells = cellsOf(r.Values)
	return r
}

// TestOneReportPerAgencyYear writes the same agency-year as a page and as
// an attachment with one cell different: one latest report, the other its
// alternative copy, one conflict cell, and the metrics count it once.
func TestOneReportPerAgencyYear(t *testing.T) {
	db := openTemp(t)
	page := doc("https://example.gov.cn/2023/report.html", "page")
	att := doc("https://example.gov.cn/2023/report.docx", "docx")
	att.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	att.Parent = page.URL
	write(t, db,
		Item{Document: att, Report: agencyReport(t, "pingtan-2024", "沭阳县发改局", 2023, 1)},
		Item{Document: page, Report: agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 0)})
	if n := count(t, db, "reports"); n != 2 {
		t.Fatalf("%d report rows, want 2 (the copy is kept)", n)
	}
	if n := count(t, db, "reports WHERE latest"); n != 1 {
		t.Fatalf("%d latest reports, want 1", n)
	}
	if u := one(t, db, "SELECT url FROM reports WHERE latest"); u != page.URL {
		t.Fatalf("chosen %v, want the page (same date, same completeness)", u)
	}
	if n := count(t, db, "report_metrics WHERE year = 2023"); n != 1 {
		t.Fatalf("report_metrics has %d rows for the agency-year, want 1", n)
	}
	if n := count(t, db, "agencies"); n != 1 {
		t.Fatalf("%d agencies, want 1 (two names of one body)", n)
	}
	if n := count(t, db, "agency_names"); n != 2 {
		t.Fatalf("%d agency names, want 2", n)
	}
	tb, err := db.Query(context.Background(), 0, `SELECT key, chosen_value, copy_value FROM report_conflict_cells`)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 1 || tb.Rows[0][0] != "apply.new_received.total" || tb.Rows[0][2].(float64)-tb.Rows[0][1].(float64) != 1 {
		t.Fatalf("conflict cells = %v, want apply.new_received.total differing by 1", tb.Rows)
	}
	if d := one(t, db, "SELECT differing_cells FROM report_alternatives"); d != int64(1) {
		t.Fatalf("differing_cells = %v, want 1", d)
	}
	// A later reissue with a newer date wins.
	re := agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 5)
	re.Meta.Published = "2024-03-01"
	write(t, db, Item{Document: doc("https://example.gov.cn/2023/reissue.html", "reissue"), Report: re})
	if u := one(t, db, "SELECT url FROM reports WHERE latest"); u != "https://example.gov.cn/2023/reissue.html" {
		t.Fatalf("chosen %v, want the newest published", u)
	}
	if n := count(t, db, "reports WHERE alternative_of IS NOT NULL"); n != 2 {
		t.Fatalf("%d alternatives, want 2", n)
	}
}

// TestAgenciesUpgradeInPlace builds a warehouse at migration 003 with two
// copies of one agency-year both latest (as older versions wrote them) and
// opens it: the reports get their agency and only one stays latest.
func TestAgenciesUpgradeInPlace(t *testing.T) {
	ctx := context.Background()
	s, path := migratedTo(t, 3)
	if _, err := s.ExecContext(ctx, `INSERT INTO reports (id, document_id, url, agency, year, template, version, latest) VALUES
		(1, 1, 'https://a.gov.cn/1.html', '新乡县人民政府', 2022, '2021', 1, true),
		(2, 2, 'https://a.gov.cn/1.pdf', '新乡县人民政府', 2022, '2021', 1, true),
		(3, 3, 'https://a.gov.cn/2.html', '新乡县公安局', 2022, '2021', 1, true)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "reports WHERE agency_id IS NULL"); n != 0 {
		t.Fatalf("%d reports without an agency after the upgrade", n)
	}
	if n := count(t, db, "reports WHERE latest"); n != 2 {
		t.Fatalf("%d latest reports, want 2 (one per agency-year)", n)
	}
	if n := one(t, db, "SELECT alternative_of FROM reports WHERE id = 2"); n != int64(1) {
		t.Fatalf("report 2 alternative_of = %v, want 1 (the page)", n)
	}
	if k := one(t, db, "SELECT kind FROM agencies a JOIN reports r ON r.agency_id = a.id WHERE r.id = 3"); k != KindDepartment {
		t.Fatalf("新乡县公安局 kind %v", k)
	}
	// A changed dictionary places every report again: the same keys keep
	// their ids, nothing is added twice.
	before := one(t, db, "SELECT string_agg(id || key, ',' ORDER BY id) FROM agencies")
	if _, err := db.sql.ExecContext(ctx, `UPDATE catalog SET hash = 'old' WHERE name = 'agencies'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if after := one(t, db, "SELECT string_agg(id || key, ',' ORDER BY id) FROM agencies"); after != before {
		t.Errorf("agencies after re-placing: %v, before %v", after, before)
	}
	if n := count(t, db, "reports WHERE latest"); n != 2 {
		t.Errorf("%d latest reports after re-placing, want 2", n)
	}
}

// migratedTo creates a file with the first n migrations applied, as an
// older touming left it, and returns it open (the caller closes it).
func migratedTo(t *testing.T, n int) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	s, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	old := &DB{sql: s, path: path, fields: touming.MustFields()}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if err := old.migrateTo(context.Background(), ms[:n]); err != nil {
		t.Fatal(err)
	}
	return s, path
}
