// Package registry is touming's list of China's county-level governments
// and their portals: one entry per division of the shipped GB/T 2260 list,
// with the portal home page (and, for part of 江苏, the 信息公开 page) where
// a hint is known.
//
// The hints are shipped in hints/ (portal-hints.tsv, xxgk-hints.tsv, and
// PROVENANCE.md, which says where they were compiled from). They are
// unverified: an entry from a hint carries its provenance and is never
// marked verified. A local overrides file (see ParseOverrides) wins over
// the hints; only a line of it that names a check date marks an entry
// verified. Load accounts for every hints row: matched to a code,
// ambiguous (one URL under several divisions), or unmatched with a reason.
package registry

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
)

// Provenance names where an entry's URLs came from.
type Provenance struct {
	File  string // portal-hints.tsv, xxgk-hints.tsv or the overrides file's name
	Row   int    // the hints row ("row" column) or the overrides file's line
	Probe string // the source's own reachability check (portal-hints only)
}

// String names the row, or the line of an overrides file.
func (p Provenance) String() string {
	if !strings.HasSuffix(p.File, "-hints.tsv") {
		return fmt.Sprintf("%s line %d", p.File, p.Row)
	}
	if p.Probe != "" {
		return fmt.Sprintf("%s row %d (probe %s)", p.File, p.Row, p.Probe)
	}
	return fmt.Sprintf("%s row %d", p.File, p.Row)
}

// Entry is one division and what the registry knows of its portal.
type Entry struct {
	touming.Region
	Path   string // names from the province down, e.g. 河南省/新乡市/新乡县
	Portal string // the portal's home page, as hinted or overridden
	Column string // the 信息公开 or annual-report column, where one is known
	From   []Provenance
	// Verified is the date (YYYY-MM-DD) a person checked the entry, from
	// the overrides file; empty for everything that is only a hint.
	Verified string
	// Problem says why the entry cannot become a source as it is: no URL
	// known, or a URL the hints give to several divisions. Empty when usable.
	Problem string
	Notes   []string // the hints' notes, kept for the reader
}

// Usable reports whether the entry can become a source.
func (e Entry) Usable() bool { return e.Portal != "" && e.Problem == "" }

// Zone reports whether the code is a statistical zone code (the fifth
// digit 7, e.g. 320576 苏州工业园区), not a GB/T 2260 division.
func (e Entry) Zone() bool { return len(e.Code) == 6 && e.Code[4] == '7' }

// Registry is the shipped hints, resolved against the division list, with
// any overrides applied.
type Registry struct {
	regions  map[string]touming.Region
	order    []string            // codes in the division list's order
	children map[string]int      // how many divisions each code has below it
	entries  map[string]*Entry   // by code
	names    map[string][]string // division names of 3+ characters → codes
	// Accounts says what became of every hints row, in file order.
	Accounts []Account
}

// Load builds the registry from the shipped division list and hints.
func Load() (*Registry, error) {
	list, err := touming.Regions()
	if err != nil {
		return nil, fmt.Errorf("load registry: %w", err)
	}
	r := &Registry{regions: map[string]touming.Region{}, children: map[string]int{}, entries: map[string]*Entry{}}
	for _, g := range list {
		r.regions[g.Code] = g
		r.order = append(r.order, g.Code)
		r.children[g.Parent]++
	}
	for _, code := range r.order {
		r.entries[code] = &Entry{Region: r.regions[code], Path: r.path(code)}
	}
	r.names = map[string][]string{}
	for _, code := range r.order {
		if g := r.regions[code]; !placeholder(g.Name) && utf8.RuneCountInString(g.Name) >= 3 {
			r.names[g.Name] = append(r.names[g.Name], code)
		}
	}
	if err := r.loadPortalHints(); err != nil {
		return nil, err
	}
	if err := r.loadXxgkHints(); err != nil {
		return nil, err
	}
	if err := r.loadCorrections(); err != nil {
		return nil, err
	}
	for _, e := range r.entries {
		if e.Portal == "" && e.Problem == "" {
			e.Problem = "no portal URL known"
		}
	}
	return r, nil
}

// placeholder names are the groupings of the statistical list (市辖区, 县,
// 省直辖县级行政区划), not places.
func placeholder(name string) bool {
	return name == "市辖区" || name == "县" || strings.HasSuffix(name, "直辖县级行政区划")
}

// path joins the names from the province down, leaving out placeholders.
func (r *Registry) path(code string) string {
	var names []string
	for c := code; c != ""; c = r.regions[c].Parent {
		if g := r.regions[c]; !placeholder(g.Name) {
			names = append([]string{g.Name}, names...)
		}
	}
	return strings.Join(names, "/")
}

// Entry returns the entry of a code.
func (r *Registry) Entry(code string) (Entry, bool) {
	e, ok := r.entries[code]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

// CountyLevel reports whether an entry is a county-level government: a
// county-level division, or a city without counties (东莞市, 嘉峪关市).
func (r *Registry) CountyLevel(e Entry) bool {
	return e.Level == "county" || e.Level == "city" && r.children[e.Code] == 0 && !placeholder(e.Name)
}

var selectorRE = regexp.MustCompile(`^(\d{2}|\d{4}|\d{6})$`)

// Select returns the entries of a province, city or county: a code of 2,
// 4 or 6 digits (41, 4107, 410700, 410721), or "all". levels names the
// levels wanted (province, city, county); none means all three. A city
// without counties counts as county level. Placeholders are left out, and
// so are statistical zone codes that no hint gives a portal.
func (r *Registry) Select(selector string, levels ...string) ([]Entry, error) {
	prefix, err := r.prefix(selector)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, l := range levels {
		want[l] = true
	}
	var out []Entry
	for _, code := range r.order {
		e := *r.entries[code]
		if !strings.HasPrefix(code, prefix) || placeholder(e.Name) || e.Zone() && e.Portal == "" {
			continue
		}
		level := e.Level
		if r.CountyLevel(e) {
			level = "county"
		}
		if len(want) == 0 || want[level] {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// prefix turns a selector into the code prefix its divisions share.
func (r *Registry) prefix(sel string) (string, error) {
	if sel == "all" || sel == "" {
		return "", nil
	}
	if !selectorRE.MatchString(sel) {
		return "", fmt.Errorf("region %q: want a division code of 2, 4 or 6 digits (41, 4107, 410721) or all", sel)
	}
	full := (sel + "0000")[:6]
	g, ok := r.regions[full]
	if !ok {
		return "", fmt.Errorf("region %q: no division %s in the division list", sel, full)
	}
	switch {
	case g.Level == "province":
		return full[:2], nil
	case g.Level == "city" && len(sel) <= 4 || g.Level == "city" && r.children[full] > 0:
		return full[:4], nil
	}
	return full, nil
}
