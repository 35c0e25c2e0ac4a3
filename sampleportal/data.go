package sampleportal

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/touming/touming"
)

// county is one county-level division of 新乡市 (GB/T 2260 codes) with the
// size of its government's disclosure workload relative to the others.
type county struct {
	code  string
	name  string // the division, e.g. 新乡县
	gov   string // the publishing body, e.g. 新乡县人民政府
	scale float64
}

// counties returns the seven counties and county-level cities of 新乡市.
// It is a function, not a package variable, so that nothing shared can be
// mutated by one test under another.
func counties() []county {
	return []county{
		{"410721", "新乡县", "新乡县人民政府", 1.0},
		{"410724", "获嘉县", "获嘉县人民政府", 0.8},
		{"410725", "原阳县", "原阳县人民政府", 1.3},
		{"410726", "延津县", "延津县人民政府", 0.6},
		{"410727", "封丘县", "封丘县人民政府", 0.9},
		{"410781", "卫辉市", "卫辉市人民政府", 1.5},
		{"410782", "辉县市", "辉县市人民政府", 2.2},
	}
}

// departments are the bodies of a county whose reports a county portal's
// column also lists; the first n are used when Options.Departments is n.
func departments() []string {
	return []string{"发展和改革委员会", "教育局", "财政局", "自然资源局", "住房和城乡建设局",
		"交通运输局", "农业农村局", "卫生健康委员会", "市场监督管理局", "应急管理局"}
}

// yearFactor shapes the applications over the years: a rise to the 2021
// peak (rural land and demolition disputes) and a decline after, so that
// the charts show a trend rather than noise.
func yearFactor(year int) float64 {
	f := map[int]float64{2019: 0.7, 2020: 0.9, 2021: 1.25, 2022: 1.1, 2023: 0.95, 2024: 0.85}[year]
	if f == 0 {
		return 1
	}
	return f
}

// rng returns a generator seeded from the parts, so every page is the same
// in every run and independent of the order pages are asked for.
func rng(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// around returns a whole number near mean (±spread as a fraction), never
// below zero.
func around(r *rand.Rand, mean, spread float64) float64 {
	v := mean * (1 + spread*(2*r.Float64()-1))
	return math.Max(0, math.Round(v))
}

// applicant columns of table 三, in the national template's order.
func applicantCols() []string {
	return []string{"natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"}
}

// outcome rows of table 三 between 予以公开 and 总计, with the share of
// the processed applications each one takes.
type outcome struct {
	key    string
	weight float64
}

func outcomes(t touming.Template) []outcome {
	o := []outcome{
		{"granted", 45}, {"partial", 9},
		{"denied_state_secret", 0.2}, {"denied_law_forbidden", 0.5}, {"denied_three_security", 0.3},
		{"denied_third_party", 1}, {"denied_internal_affairs", 1.5}, {"denied_process_info", 2.5},
		{"denied_enforcement_file", 1}, {"denied_admin_query", 1.5},
		{"unable_not_held", 22}, {"unable_needs_creation", 4}, {"unable_unclear", 2},
		{"rejected_petition", 3}, {"rejected_duplicate", 2.5}, {"rejected_publication", 0.5},
		{"rejected_excessive", 0.8}, {"rejected_confirm", 0.7},
	}
	if t == touming.Template2019 {
		return append(o, outcome{"other_total", 3})
	}
	return append(o, outcome{"other_no_correction", 2}, outcome{"other_unpaid_fee", 0.1}, outcome{"other_other", 1})
}

// split divides n whole items among the weights, the remainder going to
// random draws, so the parts always sum to n.
func split(r *rand.Rand, n float64, ws []outcome) []float64 {
	var sum float64
	for _, w := range ws {
		sum += w.weight
	}
	out := make([]float64, len(ws))
	left := n
	for i, w := range ws {
		// each share jitters ±40% so counties do not look alike
		v := math.Floor(n * w.weight / sum * (0.6 + 0.8*r.Float64()))
		v = math.Min(v, left)
		out[i] = v
		left -= v
	}
	for ; left > 0; left-- {
		out[r.IntN(2)]++ // the remainder goes to 予以公开 or 部分公开
	}
	return out
}

// applicantShares is the share of new applications each applicant column
// takes: mostly natural persons, a few companies and law firms.
func applicantShares(r *rand.Rand) []float64 {
	return []float64{0.8 + 0.1*r.Float64(), 0.08 + 0.05*r.Float64(), 0.003, 0.002, 0.03, 0.02}
}
