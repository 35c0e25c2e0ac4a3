package charts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// The units a compare page compares: like with like.
const (
	UnitGov    = "gov"    // county governments (县级人民政府), the default
	UnitDept   = "dept"   // one department type across the counties
	UnitCounty = "county" // whole counties: every body's values summed
)

// compareParams are the compare page's query parameters, so that a view
// can be shared as a URL: region (a province or city code), years, the
// unit (and department type), the sort order and the map's figure.
type compareParams struct {
	Region string // 6-digit code, e.g. 410700
	Years  []int  // selected years, ascending
	Unit   string // UnitGov, UnitDept or UnitCounty
	Type   string // the department type for UnitDept
	Sort   string // "code" (default) or "value"
	Map    string // the map's figure: a metric id
}

// parseCompare reads ?region=410700&year=2021&year=2022&unit=dept&type=公安局
// (years may also come comma separated: years=2021,2022). Errors name the
// parameter.
func parseCompare(q url.Values) (compareParams, error) {
	p := compareParams{Unit: UnitGov, Sort: "code", Map: "disclosure_rate"}
	p.Region = strings.TrimSpace(q.Get("region"))
	if p.Region != "" && !isRegionCode(p.Region) {
		return p, fmt.Errorf("parameter region=%q: want a 6-digit province or city code such as 410000 or 410700", p.Region)
	}
	switch u := q.Get("unit"); u {
	case "", UnitGov, UnitDept, UnitCounty:
		if u != "" {
			p.Unit = u
		}
	default:
		return p, fmt.Errorf("parameter unit=%q: want gov (县级政府), dept (部门, with type=) or county (全县合计)", u)
	}
	p.Type = strings.TrimSpace(q.Get("type"))
	switch s := q.Get("sort"); s {
	case "", "code", "value":
		if s != "" {
			p.Sort = s
		}
	default:
		return p, fmt.Errorf("parameter sort=%q: want code or value", s)
	}
	if m := q.Get("map"); m != "" {
		if _, ok := mapMetrics[m]; !ok {
			return p, fmt.Errorf("parameter map=%q: want disclosure_rate, apply_new or review_correction_rate", m)
		}
		p.Map = m
	}
	years, err := parseYears(q)
	p.Years = years
	return p, err
}

// parseYears reads year=2021&year=2022 and years=2021,2022.
func parseYears(q url.Values) ([]int, error) {
	raw := q["year"]
	for _, s := range q["years"] {
		raw = append(raw, strings.Split(s, ",")...)
	}
	seen := map[int]bool{}
	var out []int
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		y, err := strconv.Atoi(s)
		if err != nil || y < 1990 || y > 2100 {
			return nil, fmt.Errorf("parameter year=%q: want a year such as 2023", s)
		}
		if !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out, nil
}

// isRegionCode accepts a province (XX0000) or city (XXXX00) code.
func isRegionCode(s string) bool {
	if len(s) != 6 || !strings.HasSuffix(s, "00") {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// prefix is the code prefix the region's counties share.
func (p compareParams) prefix() string {
	if strings.HasSuffix(p.Region, "0000") {
		return p.Region[:2]
	}
	return p.Region[:4]
}

// unitLabel names the unit for titles and CSV rows.
func (p compareParams) unitLabel() string {
	switch p.Unit {
	case UnitDept:
		return "部门：" + p.Type
	case UnitCounty:
		return "全县合计（所有机关之和）"
	}
	return "县级人民政府"
}

// fileBase names a download after what it holds: region, unit and years.
func (p compareParams) fileBase() string {
	unit := p.Unit
	if p.Unit == UnitDept {
		unit += "-" + p.Type
	}
	return fmt.Sprintf("compare-%s-%s-%s", p.Region, unit, strings.ReplaceAll(joinYears(p.Years), ",", "-"))
}

// with returns the page's URL with some parameters changed.
func (p compareParams) with(changes ...string) string {
	q := url.Values{"region": {p.Region}, "years": {joinYears(p.Years)}, "unit": {p.Unit}}
	if p.Unit == UnitDept {
		q.Set("type", p.Type)
	}
	if p.Sort != "code" {
		q.Set("sort", p.Sort)
	}
	if p.Map != "disclosure_rate" {
		q.Set("map", p.Map)
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			q.Del(changes[i])
		} else {
			q.Set(changes[i], changes[i+1])
		}
	}
	return "/compare?" + q.Encode()
}

func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	params, err := parseCompare(r.URL.Query())
	if err != nil {
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	link := csvLink("/compare", r.URL.Query())
	if name := r.URL.Query().Get("csv"); name != "" {
		page, err := s.compareData(ctx, params, link)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, err)
			return
		}
		s.sendCompareCSV(w, page, name)
		return
	}
	// The key is the query as parsed and re-encoded (sorted), so that the
	// same page asked in another parameter order is found too.
	s.renderCached(w, r, "compare?"+r.URL.Query().Encode(), "compare", "地区对比",
		func() (any, error) { return s.compareData(ctx, params, link) })
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinYears(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ",")
}
