package charts

import (
	"fmt"
	"strings"
)

// agency_kind is a facet and filter of every relation with an agency_id
// column: the kind of its agency (county_government, department, …) from
// the agencies table, so that a supervisor can keep to the county
// governments' reports without writing the join.
const agencyKind = "agency_kind"

// agencyKindNote labels the facet.
const agencyKindNote = "发布机关类别（agencies.kind：county_government 县级人民政府，department 部门……）"

// hasAgencyKind reports whether rel can be filtered by its agency's kind.
func (r relationInfo) hasAgencyKind() bool {
	_, ok := r.column("agency_id")
	return ok && r.Name != "agencies"
}

// has reports whether name is a column of the page's relation, or its
// agency_kind.
func (b browseQuery) has(name string) bool {
	if _, ok := b.rel.column(name); ok {
		return true
	}
	return name == agencyKind && b.rel.hasAgencyKind()
}

// kindCondition is the SQL of an agency_kind filter.
func kindCondition(f filter) string {
	if f.Null {
		return "(agency_id IS NULL OR agency_id NOT IN (SELECT id FROM agencies))"
	}
	lits := make([]string, len(f.Values))
	for i, v := range f.Values {
		lits[i] = quoteLiteral(v)
	}
	return "agency_id IN (SELECT id FROM agencies WHERE kind IN (" + strings.Join(lits, ", ") + "))"
}

// kindFacetSQL counts the rows the filters keep by their agency's kind.
func (b browseQuery) kindFacetSQL() string {
	return fmt.Sprintf("SELECT CAST(k.kind AS VARCHAR) AS value, k.kind IS NULL AS is_null, count(*) AS n\nFROM (SELECT agency_id %s) t LEFT JOIN agencies k ON k.id = t.agency_id\nGROUP BY ALL ORDER BY n DESC, value NULLS LAST LIMIT %d", b.from(), facetValues+1)
}
