package form

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// A check compares a sum of cells with another sum of cells. Null cells
// (blank, dash, text) are not read as 0 in values, and a check does not hide
// them either: it adds the printed numbers only, names every null cell it
// passed over in its Message, and leaves Expected or Actual nil when a whole
// side was null. When every operand is null (a part of the form left empty)
// no check is made. So a report that prints blanks for zeros still shows
// whether its printed numbers add up, and a 总计 left blank beside numbers
// shows as a failed check.

// checker builds a report's checks from its values.
type checker struct {
	values map[string]*float64
	out    []touming.Check
}

func applicantSuffixes() []string {
	out := make([]string, len(applicantCols))
	for i, c := range applicantCols {
		out[i] = c.suffix
	}
	return out
}

// outcomeRows lists the prefixes of table 三's outcome rows that the
// report carries (its template's, or apply.other_total).
func outcomeRows(rows []rowSpec) []string {
	var out []string
	for _, r := range rows {
		switch r.prefix {
		case "apply.new_received", "apply.carried_over", "apply.total_processed", "apply.carried_forward":
		default:
			out = append(out, r.prefix)
		}
	}
	return out
}

// checkDef is one sum relation: the cells of lhs add up to those of rhs.
type checkDef struct {
	rule, subject string
	lhs, rhs      []string
	all           []string // lhs then rhs: the Cells of every check made from it, shared
}

// checkDefs lists the sum relations (C1 to C4) of a table 三 with rows.
func checkDefs(rows []rowSpec) []checkDef {
	var out []checkDef
	cols := applicantSuffixes()
	for _, col := range cols {
		out = append(out, checkDef{"C1", "apply.*." + col, keys([]string{"apply.new_received", "apply.carried_over"}, col), keys([]string{"apply.total_processed", "apply.carried_forward"}, col), nil})
	}
	outcomes := outcomeRows(rows)
	for _, col := range cols {
		out = append(out, checkDef{"C2", "apply.total_processed." + col, keys(outcomes, col), []string{"apply.total_processed." + col}, nil})
	}
	for _, r := range rows {
		var parts []string
		for _, col := range cols[:len(cols)-1] {
			parts = append(parts, r.prefix+"."+col)
		}
		out = append(out, checkDef{"C3", r.prefix + ".total", parts, []string{r.prefix + ".total"}, nil})
	}
	for _, g := range reviewGroups {
		out = append(out, checkDef{"C4", g + ".total", []string{g + ".upheld", g + ".corrected", g + ".other", g + ".pending"}, []string{g + ".total"}, nil})
	}
	for i := range out {
		out[i].all = slices.Clip(append(slices.Clip(out[i].lhs), out[i].rhs...))
	}
	return out
}

// checks runs C1 to C4 (defs) and C6 on a report's values.
func (m *model) checks(values map[string]*float64, defs []checkDef) []touming.Check {
	c := &checker{values: values}
	for _, d := range defs {
		c.sum(d)
	}
	c.counts(m)
	return c.out
}

// keys crosses row prefixes with one column suffix.
func keys(prefixes []string, col string) []string {
	out := make([]string, len(prefixes))
	for i, p := range prefixes {
		out[i] = p + "." + col
	}
	return out
}

// sum checks that the cells of lhs add up to those of rhs.
func (c *checker) sum(d checkDef) {
	var nulls []string
	for _, k := range d.all {
		if c.values[k] == nil {
			nulls = append(nulls, k)
		}
	}
	if len(nulls) == len(d.all) {
		return
	}
	ch := touming.Check{Rule: d.rule, Subject: d.subject, Cells: d.all}
	ch.Expected, ch.Actual = c.total(d.lhs), c.total(d.rhs)
	ch.OK = math.Abs(deref(ch.Expected)-deref(ch.Actual)) < 1e-6
	if !ch.OK {
		ch.Message = show(ch.Expected) + " ≠ " + show(ch.Actual)
	}
	if len(nulls) > 0 {
		ch.Message = strings.TrimPrefix(ch.Message+"; null cells left out: "+strings.Join(nulls, ", "), "; ")
	}
	c.out = append(c.out, ch)
}

func show(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// total adds the non-null cells of ks; nil when all are null.
func (c *checker) total(ks []string) *float64 {
	var t *float64
	for _, k := range ks {
		if v := c.values[k]; v != nil {
			t = touming.Float(deref(t) + *v)
		}
	}
	return t
}

// counts is C6: every count is whole and not negative (本年增/减 may be
// negative but is whole). One check per offending cell, or one that holds.
func (c *checker) counts(m *model) {
	bad := 0
	for _, f := range m.fields {
		v := c.values[f.Key]
		if v == nil || f.Kind == touming.KindAmount {
			continue
		}
		if *v != math.Trunc(*v) || (f.Kind == touming.KindCount && *v < 0) {
			bad++
			c.out = append(c.out, touming.Check{Rule: "C6", Subject: f.Key, Cells: []string{f.Key}, Actual: v,
				Message: fmt.Sprintf("%s = %g: a count must be whole and not negative", f.Key, *v)})
		}
	}
	if bad == 0 {
		c.out = append(c.out, touming.Check{Rule: "C6", Subject: "counts", OK: true})
	}
}
