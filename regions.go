package touming

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// regionsTSV is the GB/T 2260 division list (province, city, county) that
// touming ships; docs/warehouse.md says where it came from.
//
//go:embed regions.tsv
var regionsTSV string

// RegionsTSV returns the shipped division list as it is embedded (comment
// lines, a header, then code, level, name and parent code per line).
func RegionsTSV() string { return regionsTSV }

// Region is one division of the shipped list.
type Region struct {
	Code   string // six digits, e.g. 410721
	Level  string // province, city or county
	Name   string // e.g. 新乡县
	Parent string // the code of the division above; empty for a province
}

// Regions parses the shipped division list, in its order.
func Regions() ([]Region, error) {
	var out []Region
	header := true
	for i, line := range strings.Split(regionsTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 4 {
			return nil, fmt.Errorf("regions.tsv line %d: want 4 columns, got %d", i+1, len(c))
		}
		out = append(out, Region{Code: c[0], Level: c[1], Name: c[2], Parent: c[3]})
	}
	return out, nil
}

// ShortName drops a division name's suffix (新乡县 → 新乡, 平潭县 → 平潭),
// keeping at least two characters: how agencies and page titles often
// name a place.
func ShortName(name string) string {
	for _, suffix := range []string{"自治县", "自治州", "自治旗", "省", "市", "县", "区", "旗", "盟"} {
		s := strings.TrimSuffix(name, suffix)
		if s != name && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return name
}
