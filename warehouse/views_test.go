package warehouse

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/touming/touming"
)

// TestReportValuesAreTheTruth checks that report_values gives back every
// number of the seed's and the corpus's truth files exactly, null as null,
// and every key of the template.
func TestReportValuesAreTheTruth(t *testing.T) {
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	fields := touming.MustFields()
	for _, n := range truthNames {
		want := truthReport(t, n)
		tb, err := db.Query(context.Background(), 0, `SELECT key, value FROM report_values WHERE agency = ? AND year = ?`,
			want.Meta.Agency, want.Meta.Year)
		if err != nil {
			t.Fatal(err)
		}
		if len(tb.Rows) != len(fields.For(want.Template)) {
			t.Errorf("%s: %d rows, want one per field of template %s (%d)", n, len(tb.Rows), want.Template, len(fields.For(want.Template)))
		}
		for _, row := range tb.Rows {
			key := row[0].(string)
			w, ok := want.Values[key]
			switch {
			case !ok:
				t.Errorf("%s: key %s not in the truth", n, key)
			case w == nil && row[1] != nil:
				t.Errorf("%s %s = %v, want null", n, key, row[1])
			case w != nil && row[1] != *w:
				t.Errorf("%s %s = %v, want %v", n, key, row[1], *w)
			}
		}
	}
}

func TestMetricsFollowTheFormulas(t *testing.T) {
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	for _, n := range truthNames {
		r := truthReport(t, n)
		v := func(k string) *float64 { return r.Values[k] }
		want := map[string]*float64{
			"disclosure_rate":            ratio(sum(v("apply.granted.total"), v("apply.partial.total")), v("apply.total_processed.total")),
			"review_correction_rate":     ratio(v("review.corrected"), diff(v("review.total"), v("review.pending"))),
			"lit_direct_loss_rate":       ratio(v("lit_direct.corrected"), diff(v("lit_direct.total"), v("lit_direct.pending"))),
			"lit_after_review_loss_rate": ratio(v("lit_after_review.corrected"), diff(v("lit_after_review.total"), v("lit_after_review.pending"))),
		}
		for col, w := range want {
			got := one(t, db, "SELECT "+col+" FROM report_metrics WHERE agency = ?", r.Meta.Agency)
			if (w == nil) != (got == nil) || (w != nil && got != *w) {
				t.Errorf("%s %s = %v, want %v", n, col, got, deref(w))
			}
		}
	}
	// Shanghai 2019 left the 总计 cell of 予以公开 blank: the rate is
	// unknown, not 0. Its review row left 结果纠正 blank too.
	if got := one(t, db, "SELECT disclosure_rate FROM report_metrics WHERE year = 2019"); got != nil {
		t.Errorf("Shanghai 公开率 = %v, want null", got)
	}
	if got := one(t, db, "SELECT review_correction_rate FROM report_metrics WHERE year = 2019"); got != nil {
		t.Errorf("Shanghai 复议纠错率 = %v, want null", got)
	}
}

func sum(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	return touming.Float(*a + *b)
}

func diff(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	return touming.Float(*a - *b)
}

func ratio(a, b *float64) *float64 {
	if a == nil || b == nil || *b == 0 {
		return nil
	}
	return touming.Float(*a / *b)
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestWideViews(t *testing.T) {
	db := openTemp(t)
	write(t, db, truthItems(t)...)
	if n := count(t, db, "report_wide_2021"); n != 3 {
		t.Fatalf("report_wide_2021 has %d rows, want 3", n)
	}
	got := one(t, db, `SELECT "apply.total_processed.total" FROM report_wide_2019`)
	if got != 805.0 {
		t.Fatalf("Shanghai (七)总计 = %v, want 805", got)
	}
	if got := one(t, db, `SELECT "apply.granted.total" FROM report_wide_2019`); got != nil {
		t.Fatalf("a blank cell reads %v in the wide view, want null", got)
	}
	comment := one(t, db, `SELECT comment FROM duckdb_columns() WHERE table_name = 'report_wide_2021' AND column_name = 'review.corrected'`)
	if comment != "表四 行政复议 · 结果纠正（件）" {
		t.Fatalf("comment = %v", comment)
	}
	fields := touming.MustFields()
	cols := count(t, db, "duckdb_columns() WHERE table_name = 'report_wide_2019'")
	if want := int64(len(fields.For(touming.Template2019)) + 10); cols != want {
		t.Fatalf("report_wide_2019 has %d columns, want %d", cols, want)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, db, truthItems(t)...)
	db.Close()
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if n := count(t, ro, "report_values"); n == 0 {
		t.Fatal("read-only open sees no values")
	}
	_, err = ro.Write(ctx, truthItems(t))
	mustContain(t, err, "read-only")
	_, err = ro.Query(ctx, 0, "SELECT nosuchcolumn FROM reports")
	mustContain(t, err, "nosuchcolumn")
	tb, err := ro.Query(ctx, 2, "SELECT key FROM fields")
	if err != nil || len(tb.Rows) != 2 || !tb.Truncated {
		t.Fatalf("maxRows: %d rows, truncated %v, %v", len(tb.Rows), tb.Truncated, err)
	}
	_, err = Open(ctx, filepath.Join(t.TempDir(), "none.duckdb"), Options{ReadOnly: true})
	mustContain(t, err, "none.duckdb", "no warehouse")
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	for range 2 {
		st, err := WriteBatch(ctx, path, truthItems(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", st)
	}
	db, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, "reports"); n != 4 {
		t.Fatalf("reports = %d after two WriteBatch calls", n)
	}
	ms, _ := migrations()
	if n := count(t, db, "schema_migrations"); n != int64(len(ms)) {
		t.Fatalf("schema_migrations = %d", n)
	}
}

func TestExportRoundTrip(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	write(t, db, truthItems(t)...)
	for _, format := range []string{FormatParquet, FormatCSV} {
		out := filepath.Join(t.TempDir(), "out")
		names, err := db.Export(ctx, out, format)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) < 12 {
			t.Fatalf("%s: exported only %v", format, names)
		}
		read := "read_csv(?, header = true)"
		arg := filepath.Join(out, "report_values.csv")
		if format == FormatParquet {
			read, arg = "read_parquet(?, hive_partitioning = true)", filepath.Join(out, "report_values", "*", "*.parquet")
		}
		// Every value comes back, nulls as nulls.
		diff := count(t, db, `(SELECT report_id, key, value FROM report_values
			EXCEPT SELECT report_id, key, value FROM `+read+`)`, arg)
		back := count(t, db, read, arg)
		if diff != 0 || back != count(t, db, "report_values") {
			t.Fatalf("%s: %d rows differ, %d read back", format, diff, back)
		}
	}
}

func TestExportRejectsUnknownFormat(t *testing.T) {
	db := openTemp(t)
	_, err := db.Export(context.Background(), t.TempDir(), "xlsx")
	mustContain(t, err, `"xlsx"`)
}
