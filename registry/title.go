package registry

import (
	"strings"

	"github.com/touming/touming"
)

// ForeignTitle checks a portal's page title against the division it was
// listed for: the registry's hint may belong to another place (上海 and
// 舟山 both have a 普陀区 and the hints give them one host) or be a
// stand-in (a county listed with its city's portal). It returns the name
// of the other place when the title names one and either does not name
// the division itself or also names a place that is neither the division
// nor above or below it. A title that names no place says nothing.
func (r *Registry) ForeignTitle(code, title string) (other string, foreign bool) {
	e, ok := r.entries[code]
	if !ok || title == "" {
		return "", false
	}
	own := strings.Contains(title, e.Name) || strings.Contains(title, touming.ShortName(e.Name))
	var above string
	for _, name := range r.namesIn(title) {
		switch kin := r.kinOf(code, name); {
		case kin == "other":
			return name, true
		case kin == "above" && above == "":
			above = name
		}
	}
	if !own && above != "" {
		return above, true
	}
	return "", false
}

// namesIn lists the division names (three characters or more, so that 城区
// and 郊区 do not match ordinary words) that a title contains, longest
// first so that 新乡市 is not also read as 新乡县's city.
func (r *Registry) namesIn(title string) []string {
	var found []string
	for name := range r.names {
		if strings.Contains(title, name) {
			found = append(found, name)
		}
	}
	// drop names inside a longer name found (河南 in 河南省 is not a name;
	// 延边朝鲜族自治州 holds no other)
	var out []string
	for _, n := range found {
		inside := false
		for _, m := range found {
			if m != n && strings.Contains(m, n) {
				inside = true
			}
		}
		if !inside {
			out = append(out, n)
		}
	}
	return out
}

// kinOf says how a name relates to a code: "self" when a division of that
// name is the code, "above" when it is an ancestor, "below" a
// descendant, else "other". A name shared by several divisions takes the
// closest relation any of them has.
func (r *Registry) kinOf(code, name string) string {
	best := "other"
	for _, c := range r.names[name] {
		switch {
		case c == code:
			return "self"
		case r.descends(code, c):
			best = "above"
		case r.descends(c, code) && best == "other":
			best = "below"
		}
	}
	return best
}

// descends reports whether code lies under ancestor.
func (r *Registry) descends(code, ancestor string) bool {
	for p := r.regions[code].Parent; p != ""; p = r.regions[p].Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}
