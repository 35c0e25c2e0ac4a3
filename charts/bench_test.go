package charts

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/touming/touming"
)

// scaledDB is the compare fixture with n counties over six years, each
// report carrying the ~60 keys compare_values returns.
func scaledDB(n int) *memDB {
	db := loadedDB()
	base := fixtureCounties()[1].values
	t := &touming.Table{Columns: db.tables["compare_values"].Columns}
	for c := 0; c < n; c++ {
		code := fmt.Sprintf("41%04d", 100+c)
		for y := 2019; y <= 2024; y++ {
			for k, v := range base {
				var val any
				if v != nil {
					val = *v + float64(c+y-2019)
				}
				t.Rows = append(t.Rows, []any{int64(c*10 + y), code, fmt.Sprintf("县%03d", c), int64(c + 1), "县人民政府", int64(y), "2021", k, val})
			}
		}
	}
	db.tables["compare_values"] = t
	db.tables["compare_years"] = tbl([]string{"year"}, []any{int64(2019)}, []any{int64(2020)}, []any{int64(2021)},
		[]any{int64(2022)}, []any{int64(2023)}, []any{int64(2024)})
	return db
}

func benchCompare(b *testing.B, counties int) {
	s, err := New(Config{DB: scaledDB(counties)})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/compare?region=410000", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkComparePage renders the whole compare page (pivot, 18 charts,
// ranking, template) from in-memory rows: the page's own cost, without
// the warehouse query.
func BenchmarkComparePage(b *testing.B) {
	for _, n := range []int{7, 100} {
		b.Run(fmt.Sprintf("counties=%d", n), func(b *testing.B) { benchCompare(b, n) })
	}
}
