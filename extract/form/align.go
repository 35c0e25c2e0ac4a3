package form

// minScore is the least label similarity that lets a row take a template
// row; below it the row is left unmatched (a subtotal, a stray line).
const minScore = 0.5

// score says how well a record's labels name a template row: its own
// label first, then with the fragments before it, then with those after
// it too, each trusted less; a little is added for
// how much of the row's own label the template's covers, so that of two
// template rows the one that explains the printed label wins.
func score(leaf, withCtx, withAll, leafPairs, key grams, keyPairs grams) float64 {
	s := cover(leaf, keyPairs)
	if s < 1 && len(withCtx) > len(leaf) {
		s = max(s, 0.9*cover(withCtx, keyPairs))
	}
	if s < 0.9 && len(withAll) > len(withCtx) {
		s = max(s, 0.8*cover(withAll, keyPairs)) // what follows a row names it least
	}
	if s > 0 && len(leafPairs) > 0 {
		s += 0.05 * cover(key, leafPairs)
	}
	return s
}

// align matches records to template rows in order: a monotone alignment
// (dynamic programming) that maximises the summed label scores, so that an
// extra row (a subtotal) or a missing one never shifts the others. It
// returns, for each record, the template row index or -1.
func align(recs []record, specs []rowSpec) []int {
	s := scores(recs, specs)
	n, m := len(recs), len(specs)
	dp := make([][]float64, n+1)
	table := make([]float64, (n+1)*(m+1))
	for i := range dp {
		dp[i] = table[i*(m+1) : (i+1)*(m+1)]
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := max(dp[i-1][j], dp[i][j-1])
			if v := s[i-1][j-1]; v >= minScore && dp[i-1][j-1]+v > best {
				best = dp[i-1][j-1] + v
			}
			dp[i][j] = best
		}
	}
	return backtrack(dp, n, m)
}

// scores is the label score of every record against every template row.
func scores(recs []record, specs []rowSpec) [][]float64 {
	m := len(specs)
	s := make([][]float64, len(recs))
	cells := make([]float64, len(recs)*m)
	for i, r := range recs {
		s[i] = cells[i*m : (i+1)*m]
		if j := exact(r.leaf, specs); j >= 0 {
			s[i][j] = 1.05 // the form's own label: no other row can explain it better
			continue
		}
		own, ctx := r.leaf, r.ctx+r.leaf
		if own == "" && r.cols == nil && r.near != "" {
			// A text row printed without a label: the fragments just above
			// and below name it, not the labels of blank rows before them.
			own, ctx = r.near, r.near+r.after
		}
		leaf, withCtx, lp := gramsOf(own), gramsOf(ctx), pairsOf(own)
		withAll := withCtx
		if r.after != "" {
			withAll = gramsOf(r.ctx + r.leaf + r.after)
		}
		for j, sp := range specs {
			s[i][j] = score(leaf, withCtx, withAll, lp, sp.grams, sp.pairs)
		}
	}
	return s
}

// backtrack reads the matches off a filled alignment table.
func backtrack(dp [][]float64, n, m int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = -1
	}
	for i, j := n, m; i > 0 && j > 0; {
		switch {
		case dp[i][j] == dp[i-1][j]:
			i--
		case dp[i][j] == dp[i][j-1]:
			j--
		default:
			out[i-1] = j - 1
			i, j = i-1, j-1
		}
	}
	return out
}

// exact returns the spec whose label is leaf exactly, or -1.
func exact(leaf string, specs []rowSpec) int {
	for j, sp := range specs {
		if sp.label == leaf {
			return j
		}
	}
	return -1
}
