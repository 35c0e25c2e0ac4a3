package warehouse

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// departmentsTSV is the department dictionary touming ships: each
// department type and the names it is published under.
//
//go:embed departments.tsv
var departmentsTSV string

// The kinds of publishing body (agencies.kind).
const (
	KindProvinceGov = "province_government" // 省/自治区/直辖市人民政府
	KindCityGov     = "city_government"     // 市/州人民政府
	KindCountyGov   = "county_government"   // 县/县级市/区人民政府
	KindOffice      = "government_office"   // 人民政府办公室/办公厅
	KindDepartment  = "department"          // a department of the dictionary
	KindTownship    = "township"            // 乡/镇人民政府
	KindStreet      = "street"              // 街道办事处
	KindZone        = "zone"                // 开发区/高新区/管委会
	KindOther       = "other"               // a name that could not be placed
)

// agencyClass is what a publishing body's name says about it.
type agencyClass struct {
	key        string // what makes two names one agency: region, kind and body
	regionCode string
	regionName string
	kind       string
	deptType   string
}

// deptDict maps a department name variant to its type.
type deptDict map[string]string

// loadDepartments parses the embedded dictionary.
func loadDepartments() (deptDict, error) {
	d := deptDict{}
	header := true
	for i, line := range strings.Split(departmentsTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		typ, names, ok := strings.Cut(line, "\t")
		if !ok || typ == "" || names == "" {
			return nil, fmt.Errorf("departments.tsv line %d: want a type and its names separated by a tab", i+1)
		}
		for _, n := range strings.Split(names, "|") {
			if prev, dup := d[n]; dup && prev != typ {
				return nil, fmt.Errorf("departments.tsv line %d: %s is already a name of %s", i+1, n, prev)
			}
			d[n] = typ
		}
	}
	return d, nil
}

// normalizeAgency folds the spacing a name was printed with.
func normalizeAgency(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, name)
}

// classifyAgency places a publishing body: its region (the source's,
// refined by the division names the agency name starts with), its kind and
// department type, and the key that makes name variants one agency. An
// empty name is not placed (ok false): it names no body.
func (db *DB) classifyAgency(sourceCode, name string) (agencyClass, bool) {
	name = normalizeAgency(name)
	if name == "" {
		return agencyClass{}, false
	}
	reg, ok := db.agencyRegion(sourceCode, name)
	rest := name
	if ok {
		rest = db.regions.stripChain(name, reg)
	}
	c := agencyClass{regionCode: reg.code, regionName: reg.name}
	c.kind, c.deptType, rest = classifyRest(rest, reg.level, db.departments)
	switch c.kind {
	case KindOther:
		c.key = reg.code + "|other|" + name
	case KindDepartment:
		c.key = reg.code + "|department|" + c.deptType
	default:
		c.key = reg.code + "|" + c.kind + "|" + rest
	}
	return c, true
}

// agencyRegion is the division of a body: the one its name starts with
// when that lies on the source's line (the source itself, a division under
// it or above it), else the source's.
func (db *DB) agencyRegion(sourceCode, name string) (region, bool) {
	src, hasSrc := db.regions.byCode[sourceCode]
	m, ok := db.regions.match(name)
	switch {
	case ok && (!hasSrc || m.code == src.code || db.regions.descends(m, src.code) || db.regions.descends(src, m.code)):
		return m, true
	case hasSrc:
		return src, true
	}
	return region{}, false
}

// stripChain removes from the start of name the names (full or short) of
// r and the divisions above it, longest first: 河南省新乡市新乡县人民政府 →
// 人民政府.
func (ix *regionIndex) stripChain(name string, r region) string {
	var names []string
	for c := r; c.code != ""; c = ix.byCode[c.parent] {
		names = append(names, c.name, c.short)
		if c.parent == "" {
			break
		}
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for {
		cut := false
		for _, n := range names {
			if n != "" && strings.HasPrefix(name, n) && len(name) > len(n) {
				name, cut = strings.TrimPrefix(name, n), true
				break
			}
		}
		if !cut {
			return name
		}
	}
}

// classifyRest tells the kind of body from what follows its division's
// name, and gives the part that names the body within its kind (城关镇 for
// 城关镇人民政府).
func classifyRest(rest, level string, depts deptDict) (kind, deptType, body string) {
	switch rest {
	case "人民政府", "政府":
		switch level {
		case "province":
			return KindProvinceGov, "", ""
		case "city":
			return KindCityGov, "", ""
		case "county":
			return KindCountyGov, "", ""
		}
		return KindOther, "", rest
	case "人民政府办公室", "政府办公室", "人民政府办公厅", "政府办公厅", "办公室", "办公厅":
		return KindOffice, "", ""
	}
	if t, ok := depts[strings.TrimPrefix(rest, "人民政府")]; ok && rest != "" {
		return KindDepartment, t, ""
	}
	for _, z := range []string{"开发区", "高新区", "管委会", "管理委员会", "实验区", "示范区", "产业集聚区", "新区"} {
		if strings.Contains(rest, z) {
			return KindZone, "", trimSuffixes(rest, "管理委员会", "管委会")
		}
	}
	if body := trimSuffixes(rest, "街道办事处", "办事处"); body != rest || strings.HasSuffix(rest, "街道") {
		return KindStreet, "", strings.TrimSuffix(body, "街道")
	}
	if body := trimSuffixes(rest, "人民政府", "政府"); strings.HasSuffix(body, "乡") || strings.HasSuffix(body, "镇") {
		if len([]rune(body)) >= 2 {
			return KindTownship, "", body
		}
	}
	return KindOther, "", rest
}

// trimSuffixes removes the first of suffixes that s ends with.
func trimSuffixes(s string, suffixes ...string) string {
	for _, x := range suffixes {
		if t := strings.TrimSuffix(s, x); t != s && t != "" {
			return t
		}
	}
	return s
}
