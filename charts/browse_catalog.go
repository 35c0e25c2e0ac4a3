package charts

import (
	"context"
	"sort"
	"strings"
)

// relationInfo is a table or view of the warehouse as the browse pages
// know it: its columns in order, with types and comments.
type relationInfo struct {
	Name    string
	Kind    string // "table" or "view"
	Note    string // what it holds, in Chinese
	Rows    any    // a table's row count; nil for a view
	Columns []columnInfo
}

// columnInfo is one column.
type columnInfo struct {
	Name, Type, Comment string
}

// relationNotes say in Chinese what each relation holds.
var relationNotes = map[string]string{
	"report_values":     "每份最新报告的每个字段一行（空白单元格为 NULL）",
	"report_wide_2021":  "2021 版模板的最新报告，每个字段一列（列注释为表格上的中文标签）",
	"report_wide_2019":  "2019 版模板的最新报告，每个字段一列",
	"report_metrics":    "每份最新报告的公开率、复议纠错率、诉讼败诉率及其来源数字",
	"report_checks":     "每份最新报告的勾稽关系检查",
	"latest_reports":    "每份报告的最新版本",
	"reports":           "报告的每个版本",
	"cells":             "读到的每个单元格：原文、分类与所在行列的标签",
	"checks":            "每个报告版本的勾稽关系检查",
	"documents":         "抓取或读取的每份文件（同一地址的每个不同内容一行）",
	"sources":           "抓取的门户网站",
	"regions":           "GB/T 2260 行政区划代码",
	"fields":            "规范字段：键、表、行列标签、单位",
	"cell_values":       "单元格的存储表（cells 视图由它与标签表连接而成）",
	"grid_labels":       "每份报告表格的行、列标签",
	"field_ids":         "字段键的编号",
	"catalog":           "内部记账",
	"schema_migrations": "内部记账：已执行的迁移",
}

// relationOrder puts the relations analysts start from first.
var relationOrder = []string{"report_values", "report_wide_2021", "report_wide_2019", "report_metrics", "report_checks",
	"latest_reports", "reports", "cells", "checks", "documents", "sources", "regions", "fields"}

// catalog reads every relation with its columns, in relationOrder and then
// by name.
func (s *Server) catalog(ctx context.Context) ([]relationInfo, error) {
	cols, err := s.query(ctx, "browse_columns")
	if err != nil {
		return nil, err
	}
	counts, err := s.query(ctx, "browse_table_rows")
	if err != nil {
		return nil, err
	}
	byName := map[string]*relationInfo{}
	var out []*relationInfo
	for _, m := range rowMaps(cols) {
		n := m.Str("relation")
		r := byName[n]
		if r == nil {
			r = &relationInfo{Name: n, Kind: m.Str("kind"), Note: relationNotes[n]}
			byName[n] = r
			out = append(out, r)
		}
		r.Columns = append(r.Columns, columnInfo{Name: m.Str("name"), Type: m.Str("type"), Comment: m.Str("comment")})
	}
	for _, m := range rowMaps(counts) {
		if r := byName[m.Str("relation")]; r != nil {
			r.Rows = m["rows"]
		}
	}
	rank := func(n string) int {
		for i, o := range relationOrder {
			if o == n {
				return i
			}
		}
		return len(relationOrder)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i].Name), rank(out[j].Name)
		if ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	res := make([]relationInfo, len(out))
	for i, r := range out {
		res[i] = *r
	}
	return res, nil
}

// relation finds name in the catalog; ok is false when there is none.
func (s *Server) relation(ctx context.Context, name string) (relationInfo, bool, error) {
	all, err := s.catalog(ctx)
	if err != nil {
		return relationInfo{}, false, err
	}
	for _, r := range all {
		if strings.EqualFold(r.Name, name) {
			return r, true, nil
		}
	}
	return relationInfo{}, false, nil
}

// column returns the named column of r.
func (r relationInfo) column(name string) (columnInfo, bool) {
	for _, c := range r.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return columnInfo{}, false
}
