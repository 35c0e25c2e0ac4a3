package unionfind

import "testing"

func TestUnion(t *testing.T) {
	s := New(6)
	s.Union(0, 1)
	s.Union(2, 1)
	s.Union(4, 5)
	for _, c := range []struct {
		a, b int
		same bool
	}{{0, 2, true}, {1, 2, true}, {4, 5, true}, {0, 3, false}, {3, 4, false}, {2, 5, false}} {
		if got := s.Find(c.a) == s.Find(c.b); got != c.same {
			t.Errorf("%d and %d in one set: %t, want %t", c.a, c.b, got, c.same)
		}
	}
}
