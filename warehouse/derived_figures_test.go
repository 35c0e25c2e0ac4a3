package warehouse

import (
	"context"
	"reflect"
	"testing"
)

// figureKeys picks the compare page's fields, as compare_values did.
const figureKeys = `(k.key LIKE 'active.%' OR k.key LIKE 'active2019.%'
	OR (k.key LIKE 'apply.%' AND k.key LIKE '%.total')
	OR k.key LIKE 'review.%' OR k.key LIKE 'lit\_%' ESCAPE '\')`

// The tables of migration 013 join TestDerivedTablesFollowBatches'
// comparisons: after every batch, re-extraction, failed batch and rebuild
// each holds what the compare page's queries read from cell_values before
// (compare_values' cells; compare_sums' rows for every county and year).
func init() {
	derivedDefs["derived_figures"] = `SELECT v.report_id, a.region_code, r.year, v.field_id, v.value
		FROM cell_values v JOIN field_ids k ON k.id = v.field_id
		JOIN reports r ON r.id = v.report_id LEFT JOIN agencies a ON a.id = r.agency_id
		WHERE v.canonical AND ` + figureKeys
	derivedDefs["derived_county_figures"] = `WITH vals AS (
			SELECT r.id AS report_id, a.region_code, r.year, v.field_id, v.value
			FROM reports r JOIN agencies a ON a.id = r.agency_id
			JOIN cell_values v ON v.report_id = r.id AND v.canonical
			JOIN field_ids k ON k.id = v.field_id
			WHERE r.latest AND r.year IS NOT NULL AND ` + figureKeys + `
				AND length(a.region_code) = 6 AND right(a.region_code, 2) <> '00'
		)
		SELECT region_code, year, report_id, field_id, CASE WHEN field_id IS NOT NULL THEN sum(value) END,
			CASE WHEN field_id IS NOT NULL THEN count(*) END, CASE WHEN field_id IS NOT NULL THEN count(value) END,
			CASE WHEN field_id IS NOT NULL THEN count(*) FILTER (WHERE value <> trunc(value) OR abs(value) >= 2^40) END
		FROM vals GROUP BY GROUPING SETS ((region_code, year, field_id), (region_code, year, report_id))`
}

// Migration 013 backfills a warehouse whose derived tables are filled (it
// is skipped when the open after migration 011 fills them all) with the
// rows the batches kept, and 016 counts their figures; a county's sums
// cover every body's latest report.
func TestFiguresBackfill(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	write(t, db, Item{Document: doc("https://example.gov.cn/2023/p.html", "p"), Report: agencyReport(t, "pingtan-2024", "沭阳县公安局", 2023, 1)},
		Item{Document: doc("https://example.gov.cn/2023/q.html", "q"), Report: agencyReport(t, "pingtan-2024", "沭阳县财政局", 2023, 2)})
	first := checkDerived(t, db, "two batches")
	if len(first["derived_county_figures"]) == 0 || len(first["derived_figures"]) == 0 {
		t.Fatalf("nothing derived to compare: %v", first)
	}
	if n := count(t, db, `(SELECT region_code, year FROM derived_county_figures WHERE report_id IS NOT NULL
		GROUP BY ALL HAVING count(*) > 1)`); n == 0 {
		t.Fatal("no county-year sums two bodies: the sums go untested")
	}
	// A re-extraction moves a report to another county: both counties'
	// sums change.
	docs, err := db.Archived(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.URL == "https://example.gov.cn/2023/p.html" {
			write(t, db, Item{Document: d, Report: agencyReport(t, "pingtan-2024", "泗阳县公安局", 2023, 4)})
		}
	}
	if n := count(t, db, "derived_county_figures WHERE region_code = '321323'"); n == 0 {
		t.Fatal("the re-extracted report did not reach 泗阳县: the move goes untested")
	}
	kept := checkDerived(t, db, "a re-extraction to another county")
	if _, err := db.sql.ExecContext(ctx, `DROP TABLE derived_figures; DROP TABLE derived_county_figures;
		DELETE FROM schema_migrations WHERE version IN (13, 16)`); err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	db.Close()
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if migrated := checkDerived(t, db, "migrations 013 and 016"); !reflect.DeepEqual(migrated, kept) {
		t.Errorf("migrations 013 and 016's backfill differs from what the batches kept:\n%v\n%v", kept, migrated)
	}
}
