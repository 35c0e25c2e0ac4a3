package warehouse

import (
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
)

// regionsTSV is the GB/T 2260 division list (province, city, county) that
// touming ships in the root package; see docs/warehouse.md for where it
// came from.
var regionsTSV = touming.RegionsTSV()

// region is one division.
type region struct {
	code, level, name, parent string
	short                     string // the name without its 省/市/县/区 suffix
}

// regionIndex finds divisions by code and by name.
type regionIndex struct {
	list   []region
	byRune map[rune][]region // by the first character of the name
	byCode map[string]region
}

// loadRegions parses the embedded list.
func loadRegions() (*regionIndex, error) {
	ix := &regionIndex{byCode: map[string]region{}, byRune: map[rune][]region{}}
	list, err := touming.Regions()
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		r := region{code: c.Code, level: c.Level, name: c.Name, parent: c.Parent, short: touming.ShortName(c.Name)}
		ix.list = append(ix.list, r)
		ix.byCode[r.code] = r
		first, _ := utf8.DecodeRuneInString(r.name)
		ix.byRune[first] = append(ix.byRune[first], r)
	}
	return ix, nil
}

// placeholder names are the statistical groupings under a municipality,
// not places an agency is named after.
func placeholder(name string) bool {
	return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划"
}

// match finds the division an agency is named after: the longest division
// name the agency name starts with, then, after it, the longest name of one
// of its descendants (河南省新乡市新乡县人民政府 → 410721). A name shared by
// several divisions (朝阳区) matches none of them unless a parent came first.
func (ix *regionIndex) match(agency string) (region, bool) {
	var found region
	ok := false
	for rest, parent := agency, ""; ; {
		r, hit := ix.prefix(rest, parent)
		if !hit && !ok {
			// No full name: an agency named by the short name of a single
			// division (平潭综合实验区管委会 → 平潭县).
			return ix.shortPrefix(agency)
		}
		if !hit {
			return found, ok
		}
		found, ok = r, true
		rest, parent = strings.TrimPrefix(rest, r.name), r.code
	}
}

// prefix finds the single longest division name that s starts with, among
// the descendants of parent (any division when parent is empty).
func (ix *regionIndex) prefix(s, parent string) (region, bool) {
	var best []region
	bestLen := 0
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range ix.byRune[first] {
		if placeholder(r.name) || !strings.HasPrefix(s, r.name) || len(r.name) < bestLen {
			continue
		}
		if parent != "" && !ix.descends(r, parent) {
			continue
		}
		if len(r.name) > bestLen {
			best, bestLen = nil, len(r.name)
		}
		best = append(best, r)
	}
	if len(best) != 1 {
		return region{}, false
	}
	return best[0], true
}

// shortPrefix finds the single division whose short name agency starts
// with, preferring the longest; several of the same length match none.
func (ix *regionIndex) shortPrefix(agency string) (region, bool) {
	var best []region
	first, _ := utf8.DecodeRuneInString(agency)
	for _, r := range ix.byRune[first] {
		if placeholder(r.name) || r.short == r.name || !strings.HasPrefix(agency, r.short) {
			continue
		}
		if len(best) > 0 && len(r.short) < len(best[0].short) {
			continue
		}
		if len(best) > 0 && len(r.short) > len(best[0].short) {
			best = nil
		}
		best = append(best, r)
	}
	if len(best) != 1 {
		return region{}, false
	}
	return best[0], true
}

// descends reports whether r lies under the division with code parent.
func (ix *regionIndex) descends(r region, parent string) bool {
	for p := r.parent; p != ""; p = ix.byCode[p].parent {
		if p == parent {
			return true
		}
	}
	return false
}

// regionOf gives a report's region: the source's division code when it has
// one, else the division its agency is named after, where unambiguous.
func (db *DB) regionOf(sourceCode, agency string) (code, name string) {
	if sourceCode != "" {
		return sourceCode, db.regions.byCode[sourceCode].name
	}
	if r, ok := db.regions.match(agency); ok {
		return r.code, r.name
	}
	return "", ""
}
