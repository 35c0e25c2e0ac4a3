package form

import (
	"slices"
	"unicode/utf8"
)

// grams is the set of a label's adjacent rune pairs, each packed in a
// uint64, sorted; single runes are in it too (with a marker in the low
// half) so that a one-rune label can be looked up. Row matching compares
// every row read with every template row, so the sets are built once per
// string and compared by merging.
type grams []uint64

const lone = 0xffffffff // low half of a single rune's entry

func gramsOf(s string) grams {
	g := make(grams, 0, 2*utf8.RuneCountInString(s))
	prev := rune(-1)
	for _, r := range s {
		g = append(g, uint64(r)<<32|lone)
		if prev >= 0 {
			g = append(g, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(g)
	return slices.Compact(g)
}

// pairsOf is the set of pairs of s, or its one rune: what a label asks to
// be covered.
func pairsOf(s string) grams {
	var g grams
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			g = append(g, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	if len(g) == 0 && prev >= 0 {
		g = append(g, uint64(prev)<<32|lone)
	}
	slices.Sort(g)
	return slices.Compact(g)
}

// cover is the share of label's pairs found in text: recall on
// precomputed sets.
func cover(text grams, label grams) float64 {
	if len(label) == 0 || len(text) == 0 {
		return 0
	}
	hit, i := 0, 0
	for _, p := range label { // both sorted: one merge pass
		for i < len(text) && text[i] < p {
			i++
		}
		if i == len(text) {
			break
		}
		if text[i] == p {
			hit++
		}
	}
	return float64(hit) / float64(len(label))
}
