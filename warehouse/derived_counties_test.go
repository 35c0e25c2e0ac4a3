package warehouse

import (
	"context"
	"testing"

	"github.com/touming/touming"
)

// countyReport is agencyReport with apply.new_received.total set to v
// (nil: a blank cell) and its fees (a fraction in the sample) an integer.
func countyReport(t *testing.T, agency string, year int, v *float64) *touming.Report {
	r := agencyReport(t, "pingtan-2024", agency, year, 0)
	r.Values["apply.new_received.total"] = v
	r.Values["active.fees.amount"] = ptr(2)
	r.Cells = cellsOf(r.Values)
	return r
}

func ptr(v float64) *float64 { return &v }

// A batch corrects a county-year's sums by the reports it moved in or out
// (derived_figures_apply.sql) and sums a county again whole only when a
// figure is not an integer: after each batch the table equals the full
// recompute (checkDerived), a field whose figures are all blank sums to
// NULL, a county-year a non-integer left is counted exact again, and
// the whole sum runs for the non-integer batches alone.
func TestCountySumsFollowMoves(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	urls := map[string]string{}
	batch := func(step string, whole bool, items ...Item) {
		t.Helper()
		st := &steps{}
		if _, err := db.Write(withSteps(ctx, st), items); err != nil {
			t.Fatal(err)
		}
		if _, summed := st.spent["derive figures_counties"]; summed != whole {
			t.Errorf("after %s: county summed again whole %v, want %v", step, summed, whole)
		}
		checkDerived(t, db, step)
	}
	item := func(name, agency string, year int, v *float64) Item {
		urls[name] = "https://example.gov.cn/" + name + ".html"
		return Item{Document: doc(urls[name], name), Report: countyReport(t, agency, year, v)}
	}
	// re-extracts the report at name's URL as r.
	again := func(name string, r *touming.Report) Item {
		docs, err := db.Archived(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.URL == urls[name] {
				return Item{Document: d, Report: r}
			}
		}
		t.Fatalf("no document at %s", urls[name])
		return Item{}
	}
	sum := func(year int) (value any, valued int64) {
		t.Helper()
		var v *float64
		err := db.sql.QueryRowContext(ctx, `SELECT c.value, c.valued FROM derived_county_figures c JOIN field_ids k ON k.id = c.field_id
			WHERE k.key = 'apply.new_received.total' AND c.region_code = '321322' AND c.year = ?`, year).Scan(&v, &valued)
		if err != nil {
			t.Fatalf("the sum of %d: %v", year, err)
		}
		if v == nil {
			return nil, valued
		}
		return *v, valued
	}

	batch("two bodies", false, item("a", "沭阳县公安局", 2023, ptr(3)), item("b", "沭阳县财政局", 2023, ptr(4)))
	if v, _ := sum(2023); v != 7.0 {
		t.Fatalf("2023's sum %v, want 7", v)
	}
	batch("a blank figure alone", false, item("c", "沭阳县公安局", 2022, nil))
	if v, n := sum(2022); v != nil || n != 0 {
		t.Fatalf("2022's sum over a blank %v (%d valued), want NULL", v, n)
	}
	batch("a figure beside the blank", false, item("d", "沭阳县财政局", 2022, ptr(5)))
	batch("the figure blanked", false, again("d", countyReport(t, "沭阳县财政局", 2022, nil)))
	if v, n := sum(2022); v != nil || n != 0 {
		t.Fatalf("2022's sum after its figure was blanked %v (%d valued), want NULL", v, n)
	}
	batch("a fraction", true, item("e", "沭阳县教育局", 2023, ptr(0.1)), item("f", "沭阳县水利局", 2023, ptr(0.2)))
	batch("the fraction re-read as an integer", true, again("e", countyReport(t, "沭阳县教育局", 2023, ptr(2))))
	batch("the other fraction re-read", true, again("f", countyReport(t, "沭阳县水利局", 2023, ptr(1))))
	if v, _ := sum(2023); v != 10.0 {
		t.Fatalf("2023's sum %v, want 10", v)
	}
	batch("exact again", false, item("g", "沭阳县农业农村局", 2023, ptr(6)))
	batch("a report moved to another county", false, again("a", countyReport(t, "泗阳县公安局", 2023, ptr(3))))
	if v, _ := sum(2023); v != 13.0 {
		t.Fatalf("2023's sum after a report left %v, want 13", v)
	}
	// A new version at a URL takes the agency-year's place.
	batch("a new version", false, Item{Document: doc(urls["b"], "b2"), Report: countyReport(t, "沭阳县财政局", 2023, ptr(40))})
	if v, _ := sum(2023); v != 49.0 {
		t.Fatalf("2023's sum after a new version %v, want 49", v)
	}
	// A copy at another URL, published later, is chosen over the report
	// the batch did not touch: that one leaves the sum.
	re := countyReport(t, "沭阳县农业农村局", 2023, ptr(60))
	re.Meta.Published = "2024-03-01"
	batch("a later copy chosen", false, Item{Document: doc("https://example.gov.cn/g3.html", "g3"), Report: re})
	if v, _ := sum(2023); v != 103.0 {
		t.Fatalf("2023's sum after a later copy was chosen %v, want 103", v)
	}
}
