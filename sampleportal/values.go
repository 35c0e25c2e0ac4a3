package sampleportal

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/touming/touming"
)

// templateFor returns the national template a report on year uses.
func templateFor(year int) touming.Template {
	if year >= 2021 {
		return touming.Template2021
	}
	return touming.Template2019
}

// series generates one agency's reports over years (ascending) so that
// each year follows from the last the way real ones do: what was carried
// forward is next year's carried-over, documents in force accumulate.
type series struct {
	seed    string // the agency, and the site when sites repeat counties
	agency  string
	scale   float64
	forward map[string]float64 // apply.carried_forward.* of the previous year
	inForce float64            // normative documents in force at the end of the previous year
}

func newSeries(seed, agency string, scale float64) *series {
	r := rng(seed, "start")
	return &series{seed: seed, agency: agency, scale: scale, inForce: around(r, 150*scale, 0.3)}
}

// year returns the consistent values of one year's report.
func (s *series) year(y int) map[string]*float64 {
	v := map[string]*float64{}
	r := rng(s.seed, strconv.Itoa(y))
	t := templateFor(y)
	if t == touming.Template2021 {
		s.active2021(r, v)
	} else {
		s.active2019(r, v)
	}
	processed := s.applications(r, t, y, v)
	review(r, processed, v)
	return v
}

func set(v map[string]*float64, key string, x float64) { v[key] = touming.Float(x) }

func (s *series) active2021(r *rand.Rand, v map[string]*float64) {
	for _, k := range []string{"issued", "repealed", "in_force"} {
		set(v, "active.rules."+k, 0) // counties have no power to make 规章
	}
	issued, repealed := around(r, 14*s.scale, 0.5), around(r, 3*s.scale, 0.8)
	s.inForce = math.Max(0, s.inForce+issued-repealed)
	set(v, "active.normative.issued", issued)
	set(v, "active.normative.repealed", repealed)
	set(v, "active.normative.in_force", s.inForce)
	set(v, "active.licensing.decisions", around(r, 9000*s.scale, 0.4))
	set(v, "active.penalty.decisions", around(r, 1400*s.scale, 0.5))
	set(v, "active.coercion.decisions", around(r, 50*s.scale, 0.7))
	set(v, "active.fees.amount", math.Round(90000*s.scale*(0.6+0.8*r.Float64()))/100)
}

func (s *series) active2019(r *rand.Rand, v map[string]*float64) {
	for _, k := range []string{"made", "published", "total_published"} {
		set(v, "active2019.rules."+k, 0)
	}
	made := around(r, 14*s.scale, 0.5)
	s.inForce += made
	set(v, "active2019.normative.made", made)
	set(v, "active2019.normative.published", made)
	set(v, "active2019.normative.total_published", s.inForce)
	items := func(name string, mean float64, down, up int) {
		set(v, "active2019."+name+".prev_items", around(r, mean, 0.2))
		set(v, "active2019."+name+".change", float64(r.IntN(up-down+1)+down))
	}
	items("licensing", 280*s.scale, -20, 12)
	items("other_services", 60*s.scale, -5, 8)
	items("penalty", 2600, -60, 40)
	items("coercion", 110, -6, 4)
	items("fees", 38, -4, 0)
	set(v, "active.licensing.decisions", around(r, 9000*s.scale, 0.4))
	set(v, "active2019.other_services.decisions", around(r, 1200*s.scale, 0.5))
	set(v, "active.penalty.decisions", around(r, 1400*s.scale, 0.5))
	set(v, "active.coercion.decisions", around(r, 50*s.scale, 0.7))
	set(v, "active2019.procurement.items", around(r, 120*s.scale, 0.4))
	set(v, "active2019.procurement.amount", math.Round(1500000*s.scale*(0.5+r.Float64()))/100)
}

// applications fills table 三 and returns the total processed.
func (s *series) applications(r *rand.Rand, t touming.Template, y int, v map[string]*float64) float64 {
	cols, shares, outs := applicantCols(), applicantShares(r), outcomes(t)
	base := 110 * s.scale * yearFactor(y)
	rowTotals := map[string]float64{}
	add := func(row, col string, x float64) {
		set(v, "apply."+row+"."+col, x)
		rowTotals[row] += x
	}
	fwd := map[string]float64{}
	for i, c := range cols {
		n := around(r, base*shares[i], 0.35)
		carried, ok := s.forward[c]
		if !ok {
			carried = around(r, n*0.05, 0.5)
		}
		avail := n + carried
		fwd[c] = math.Floor(avail * (0.02 + 0.06*r.Float64()))
		processed := avail - fwd[c]
		add("new_received", c, n)
		add("carried_over", c, carried)
		for j, part := range split(r, processed, outs) {
			add(outs[j].key, c, part)
		}
		add("total_processed", c, processed)
		add("carried_forward", c, fwd[c])
	}
	for row, x := range rowTotals {
		set(v, "apply."+row+".total", x)
	}
	s.forward = fwd
	return rowTotals["total_processed"]
}

// review fills table 四 from the year's processed applications.
func review(r *rand.Rand, processed float64, v map[string]*float64) {
	group := func(name string, total float64) {
		parts := split(r, total, []outcome{{"upheld", 60}, {"corrected", 15}, {"other", 15}, {"pending", 10}})
		for i, k := range []string{"upheld", "corrected", "other", "pending"} {
			set(v, name+"."+k, parts[i])
		}
		set(v, name+".total", total)
	}
	rv := around(r, processed*0.04, 0.6)
	group("review", rv)
	group("lit_direct", around(r, processed*0.02, 0.7))
	group("lit_after_review", around(r, rv*0.3, 0.7))
}

// Defect names a flaw a generated report carries on purpose, as real ones do.
type Defect string

// The defects a sample report may carry.
const (
	// DefectBlankCell: apply.new_received.research is printed blank (null).
	DefectBlankCell Defect = "blank-cell"
	// DefectBadSum: apply.total_processed.total is printed 3 higher than
	// the sum of its row, so a checking relation fails.
	DefectBadSum Defect = "bad-sum"
	// DefectSubtotal: table 三 has an extra 小计 column (the sum of the
	// 法人或其他组织 columns) that is not a canonical field.
	DefectSubtotal Defect = "subtotal-column"
)

// applyDefect changes the printed values as the defect says.
func applyDefect(d Defect, v map[string]*float64) {
	switch d {
	case DefectBlankCell:
		v["apply.new_received.research"] = nil
	case DefectBadSum:
		if p := v["apply.total_processed.total"]; p != nil {
			set(v, "apply.total_processed.total", *p+3)
		}
	}
}
