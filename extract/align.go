package extract

// minScore is the least label similarity that lets a row take a template
// row; below it the row is left unmatched (a subtotal, a stray line).
const minScore = 0.5

// score says how well a record's labels name a template row whose label
// key is key: its own label first, then with the fragments around it.
func score(r record, key string) float64 {
	s := recall(r.leaf, key)
	if c := 0.9 * recall(r.ctx+r.leaf, key); c > s {
		s = c
	}
	if s > 0 && len(r.leaf) > 0 {
		s += 0.05 * recall(key, r.leaf) // prefer the label that covers the row's own text
	}
	return s
}

// align matches records to template rows in order: a monotone alignment
// (dynamic programming) that maximises the summed label scores, so that an
// extra row (a subtotal) or a missing one never shifts the others. It
// returns, for each record, the template row index or -1.
func align(recs []record, keys []string) []int {
	n, m := len(recs), len(keys)
	s := make([][]float64, n)
	for i := range recs {
		s[i] = make([]float64, m)
		for j, k := range keys {
			s[i][j] = score(recs[i], k)
		}
	}
	dp := make([][]float64, n+1)
	for i := range dp {
		dp[i] = make([]float64, m+1)
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
