package charts

import (
	"math"
	"strconv"
	"time"

	"github.com/touming/touming/internal/tabular"
)

// cellText prints one value for a page as the formatter prints it for
// CSV (see output.go): null is empty, never 0; a list is JSON.
func cellText(v any) string {
	s, _ := tabular.Cell(plainValue(v), "")
	return s
}

// formatNumber prints a value for a page: empty for null, integers without
// decimals, other numbers with up to two.
func formatNumber(v any) string {
	if p, ok := v.(*float64); ok {
		if p == nil {
			return ""
		}
		v = *p
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format("2006-01-02 15:04")
	}
	f := toFloat(v)
	if f == nil {
		return cellText(v)
	}
	if *f == math.Trunc(*f) && math.Abs(*f) < 1e15 {
		return strconv.FormatInt(int64(*f), 10)
	}
	return strconv.FormatFloat(*f, 'f', 2, 64)
}

// formatPercent prints a ratio as a percentage, empty for null.
func formatPercent(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p*100, 'f', 1, 64) + "%"
}
