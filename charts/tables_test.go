package charts

import (
	"testing"
	"time"
)

func TestValueFormatting(t *testing.T) {
	when := time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		v         any
		csv, html string
	}{
		{nil, "", ""},
		{(*float64)(nil), "", ""},
		{f(2.5), "2.5", "2.50"},
		{int32(12), "12", "12"},
		{uint8(3), "3", "3"},
		{float64(1549.19), "1549.19", "1549.19"},
		{float32(2), "2", "2"},
		{0.0, "0", "0"},
		{"新乡县", "新乡县", "新乡县"},
		{[]byte("raw"), "raw", "raw"},
		{when, "2024-03-01T08:30:00Z", "2024-03-01 08:30"},
		{time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "2024-03-01", "2024-03-01 00:00"},
	} {
		if got := cellText(c.v); got != c.csv {
			t.Errorf("cellText(%#v) = %q, want %q", c.v, got, c.csv)
		}
		if got := formatNumber(c.v); got != c.html {
			t.Errorf("formatNumber(%#v) = %q, want %q", c.v, got, c.html)
		}
	}
	if got := formatPercent(f(0.7161)); got != "71.6%" {
		t.Errorf("formatPercent = %q", got)
	}
	if formatPercent(nil) != "" {
		t.Error("formatPercent(nil) is not empty")
	}
}
