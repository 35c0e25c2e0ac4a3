// Package unionfind is a disjoint-set forest over 0..n-1, shared by the
// readers that join touching pieces: the PDF reader's ruling lines into
// tables and the OCR reader's grid places into merged cells. Readers may not
// import each other, so the structure lives here.
package unionfind

// Sets is a disjoint-set forest with path halving.
type Sets []int

// New returns n sets, each holding only itself.
func New(n int) Sets {
	s := make(Sets, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// Find returns the representative of i's set.
func (s Sets) Find(i int) int {
	for s[i] != i {
		s[i] = s[s[i]]
		i = s[i]
	}
	return i
}

// Union joins the sets of a and b.
func (s Sets) Union(a, b int) { s[s.Find(a)] = s.Find(b) }
