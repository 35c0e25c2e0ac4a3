package form

import (
	"fmt"
	"testing"
)

// TestPlaceAt: values short of the columns go, in order, where the total
// distance is least, though the nearest column of one is the next's.
func TestPlaceAt(t *testing.T) {
	cs := []float64{23.5, 30, 34, 37.5, 42, 46, 53}
	for _, c := range []struct {
		xs   []float64
		want string
	}{
		{[]float64{23.5, 30, 44.5, 48.5, 53.5}, "[0 1 4 5 6]"},
		{[]float64{44.5, 48.5}, "[4 5]"},
		{[]float64{23}, "[0]"},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8}, "[]"},
	} {
		if got := fmt.Sprint(placeAt(c.xs, cs)); got != c.want {
			t.Errorf("%v: got %s, want %s", c.xs, got, c.want)
		}
	}
}
