package warehouse

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/touming/touming"
)

// TestReextractEqualsFreshLoad re-writes every document of a warehouse
// as touming reextract does, with reports read anew (other years, a value
// changed, checks and narratives changed, two documents of one agency
// swapping theirs; a failed document now yields one), and writes the same
// documents with the same reports into an empty warehouse: every table,
// derived and audit ones included, holds the same rows. The replacement is
// written set-based for the whole batch (replace_apply.go); this is what
// keeps it equal to a load. (Agencies are numbered as first met, so each
// document keeps its agency or takes one met before it.)
func TestReextractEqualsFreshLoad(t *testing.T) {
	first, again := stored(t), stored(t)
	broken := touming.Document{URL: "https://example.gov.cn/broken.pdf", Status: touming.StatusFailed, Error: "corrupt"}
	re := openTemp(t)
	write(t, re, append(first, Item{Document: broken})...)
	n := len(again)
	again[n-2].Report, again[n-1].Report = again[n-1].Report, again[n-2].Report
	var redo, fresh []Item
	for i, it := range again {
		r := reread(it.Report, i)
		d := it.Document
		d.ID = int64(i + 1) // documents are numbered from 1 in order
		redo = append(redo, Item{Document: d, Report: r})
		fresh = append(fresh, Item{Document: it.Document, Report: r})
	}
	fixed := agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2022, 0)
	d := broken
	d.ID, d.Status, d.Error = int64(len(first)+1), "", ""
	redo = append(redo, Item{Document: d, Report: fixed})
	d.ID = 0
	fresh = append(fresh, Item{Document: d, Report: fixed})
	st := write(t, re, redo...)
	if st.Replaced != len(redo) || st.Reports != 1 {
		t.Fatalf("reextract: %+v", st)
	}
	load := openTemp(t)
	write(t, load, fresh...)
	a, b := tableRows(t, re), tableRows(t, load)
	if len(a) < 10 || len(a) != len(b) {
		t.Fatalf("%d tables after reextract, %d after a load", len(a), len(b))
	}
	for _, name := range slices.Sorted(maps.Keys(a)) {
		if name == "lookup_keys" {
			// The old fingerprints' keys stay (lookups check the string):
			// the load's keys are a part of them.
			if missing := slices.DeleteFunc(slices.Clone(b[name]), func(k string) bool { return slices.Contains(a[name], k) }); len(missing) > 0 {
				t.Errorf("lookup keys missing after reextract: %v", missing)
			}
			continue
		}
		if !reflect.DeepEqual(a[name], b[name]) {
			t.Errorf("%s differs:\nreextracted %s\nfresh load  %s", name,
				strings.Join(a[name], "\n    "), strings.Join(b[name], "\n    "))
		}
	}
	checkDerived(t, re, "reextract")
}

// stored is the documents the comparison starts from: the truth reports
// and two agency reports of one agency-year (the one-report rule picks
// one), with checks.
func stored(t *testing.T) []Item {
	return append(truthItems(t),
		Item{Document: doc("https://example.gov.cn/2023/report.html", "page"), Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发展和改革局", 2023, 0), true)},
		Item{Document: doc("https://example.gov.cn/2023/copy.html", "copy"), Report: checked(agencyReport(t, "pingtan-2024", "沭阳县发改局", 2023, 1), false)})
}

// reread is r as a newer extractor might read it: a year earlier, one
// value more, a blank where the first value was, the checks of a failing
// report every other time and a narrative with a sentence more.
func reread(r *touming.Report, i int) *touming.Report {
	r.Meta.Year--
	for k, v := range r.Values {
		if v != nil {
			w := *v + 1
			r.Values[k] = &w
			break
		}
	}
	r.Cells = cellsOf(r.Values)
	if i%2 == 0 {
		checked(r, true)
	}
	if len(r.Sections) > 0 {
		r.Sections[0].Text += "本年度无其他需要报告的事项。"
	}
	return r
}
