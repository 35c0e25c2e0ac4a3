package charts

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/touming/touming"
)

// reportPage is the data of the report template.
type reportPage struct {
	Meta     rowMap
	Tables   []gridTable
	Failed   []checkRow
	Passed   int
	Versions []rowMap
	Agency   rowMap   // the publishing body, nil when the report names none
	Kind     string   // the body's kind, in Chinese
	Years    []rowMap // the body's chosen report of each year
	Copies   []rowMap // other documents of this agency-year
	CopyOf   int64    // the chosen report, when this one is a copy
	Archive  string   // link to the archived copy, when there is one
	HasCells bool
	Findings []rowMap // failing findings of the warehouse's rules (audit.go)
}

// gridTable is one standard table laid out as the national form prints it.
type gridTable struct {
	Name    string // 二, 三 or 四
	Title   string
	Columns []label
	Rows    []gridRow
}

// label is a row or column label: the last part shown, the full path as a
// tooltip, indented by its depth.
type label struct {
	Text, Full string
	Depth      int
}

// gridRow is one row of a gridTable.
type gridRow struct {
	Label label
	Group bool // a group heading with no cells of its own
	Cells []gridCell
}

// gridCell is one cell: absent (the template has no such cell), or a value
// with its raw text, class and whether a failed check involves it.
type gridCell struct {
	Key    string
	Absent bool
	Value  *float64
	Raw    string
	Class  string
	Failed bool
	// Crop is the address of the picture a cell read by OCR came from,
	// and Conf Tesseract's confidence; empty for other cells.
	Crop, Conf string
}

// checkRow is one check for display.
type checkRow struct {
	Rule, Subject, Message string
	Expected, Actual       *float64
	Cells                  []string
}

var tableTitles = map[string]string{
	"二": "二、主动公开政府信息情况",
	"三": "三、收到和处理政府信息公开申请情况",
	"四": "四、政府信息公开行政复议、行政诉讼情况",
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, http.StatusBadRequest, userErrf("报告编号应为数字。", "report id %q: want a number", r.PathValue("id")))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	p, err := s.reportData(ctx, id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	if p == nil {
		s.fail(w, http.StatusNotFound, userErrf(fmt.Sprintf("数据库中没有编号为 %d 的报告。", id), "no report with id %d in the warehouse", id))
		return
	}
	if r.URL.Query().Get("csv") == "cells" {
		cells, err := s.query(ctx, "report_cells", id)
		if err != nil {
			s.fail(w, http.StatusInternalServerError, err)
			return
		}
		writeCSV(w, fmt.Sprintf("report-%d-cells.csv", id), cells)
		return
	}
	s.render(w, http.StatusOK, "report", p.Meta.Str("agency")+" "+p.Meta.Str("year")+"年报告", p)
}

// reportData loads one report; nil when there is no such report.
func (s *Server) reportData(ctx context.Context, id int64) (*reportPage, error) {
	meta, err := s.query(ctx, "report_meta", id)
	if err != nil {
		return nil, err
	}
	if len(meta.Rows) == 0 {
		return nil, nil
	}
	cells, err := s.query(ctx, "report_cells", id)
	if err != nil {
		return nil, err
	}
	checks, err := s.query(ctx, "report_checks", id)
	if err != nil {
		return nil, err
	}
	p := &reportPage{Meta: rowMaps(meta)[0], HasCells: len(cells.Rows) > 0}
	versions, err := s.query(ctx, "report_versions", p.Meta.Str("url"))
	if err != nil {
		return nil, err
	}
	p.Versions = rowMaps(versions)
	p.Meta["versions"] = int64(len(versions.Rows))
	siblings, err := s.query(ctx, "report_siblings", id)
	if err != nil {
		return nil, err
	}
	p.addSiblings(id, rowMaps(siblings))
	if sha := p.Meta.Str("sha256"); sha != "" && s.cfg.Archive != nil {
		p.Archive = "/archive/" + sha
	}
	failedKeys := p.addChecks(rowMaps(checks))
	if err := s.addFindings(ctx, p, id, failedKeys); err != nil {
		return nil, err
	}
	p.Tables = s.grids(touming.Template(p.Meta.Str("template")), rowMaps(cells), failedKeys)
	if err := s.addOCR(ctx, id, p.Tables); err != nil {
		return nil, err
	}
	return p, nil
}

// addChecks keeps the failed checks and counts the passed ones; it returns
// the keys of the cells a failed check involves, to highlight them.
func (p *reportPage) addChecks(rows []rowMap) map[string]bool {
	keys := map[string]bool{}
	for _, m := range rows {
		if m["ok"] == true {
			p.Passed++
			continue
		}
		c := checkRow{Rule: m.Str("rule"), Subject: m.Str("subject"), Message: m.Str("message"),
			Expected: m.Num("expected"), Actual: m.Num("actual"), Cells: stringList(m["cells"])}
		for _, k := range c.Cells {
			keys[k] = true
		}
		p.Failed = append(p.Failed, c)
	}
	return keys
}

// stringList reads a list column (VARCHAR[]) whatever the driver returns.
func stringList(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if e != nil {
				out = append(out, fmt.Sprint(e))
			}
		}
		return out
	case string:
		x = strings.Trim(x, "[]")
		if x == "" {
			return nil
		}
		parts := strings.Split(x, ",")
		for i := range parts {
			parts[i] = strings.Trim(strings.TrimSpace(parts[i]), `'"`)
		}
		return parts
	}
	return nil
}

// grids lays out the template's three tables with the report's cells.
func (s *Server) grids(t touming.Template, cells []rowMap, failed map[string]bool) []gridTable {
	byKey := make(map[string]rowMap, len(cells))
	for _, c := range cells {
		byKey[c.Str("key")] = c
	}
	var out []gridTable
	for _, name := range []string{"二", "三", "四"} {
		var fs touming.Fields
		for _, f := range s.fields.For(t) {
			if f.Table == name {
				fs = append(fs, f)
			}
		}
		out = append(out, grid(name, fs, byKey, failed))
	}
	return out
}

// grid builds one table: its distinct row and column labels in the
// template's order, and a cell at each (row, column) the template has.
func grid(name string, fs touming.Fields, byKey map[string]rowMap, failed map[string]bool) gridTable {
	g := gridTable{Name: name, Title: tableTitles[name]}
	rowIdx, colIdx := map[string]int{}, map[string]int{}
	for _, f := range fs {
		if _, ok := colIdx[f.Column]; !ok {
			colIdx[f.Column] = len(g.Columns)
			g.Columns = append(g.Columns, newLabel(f.Column))
		}
	}
	for _, f := range fs {
		i, ok := rowIdx[f.Row]
		if !ok {
			g.addGroupRows(f.Row, rowIdx)
			i = len(g.Rows)
			rowIdx[f.Row] = i
			row := gridRow{Label: newLabel(f.Row), Cells: make([]gridCell, len(g.Columns))}
			for j := range row.Cells {
				row.Cells[j].Absent = true
			}
			g.Rows = append(g.Rows, row)
		}
		c := gridCell{Key: f.Key, Failed: failed[f.Key], Class: "missing"}
		if m, ok := byKey[f.Key]; ok {
			c.Value, c.Raw, c.Class = m.Num("value"), m.Str("raw"), m.Str("class")
		}
		g.Rows[i].Cells[colIdx[f.Column]] = c
	}
	return g
}

// addGroupRows adds a label-only row for each parent group of row (such as
// （三）不予公开 above its eight rows) that has no row of its own yet.
func (g *gridTable) addGroupRows(row string, rowIdx map[string]int) {
	parts := strings.Split(row, "/")
	for i := 1; i < len(parts); i++ {
		parent := strings.Join(parts[:i], "/")
		if _, ok := rowIdx[parent]; ok {
			continue
		}
		rowIdx[parent] = -1 // a header, never a cell's row
		g.Rows = append(g.Rows, gridRow{Label: newLabel(parent), Group: true})
	}
}

func newLabel(full string) label {
	parts := splitPath(full) // 本年增/减 is one label
	return label{Text: parts[len(parts)-1], Full: full, Depth: len(parts) - 1}
}

// addSiblings keeps the agency of report id and its reports: the chosen
// one of each year, and the other copies of this report's year.
func (p *reportPage) addSiblings(id int64, rows []rowMap) {
	year := p.Meta.Int("year")
	for _, m := range rows {
		if p.Agency == nil {
			p.Agency = m
			p.Kind = kindLabel(m.Str("kind"), m.Str("dept_type"))
		}
		rid := int64(m.Int("report_id"))
		switch {
		case rid == id:
			p.CopyOf = int64(m.Int("alternative_of"))
		case m["latest"] == true:
			p.Years = append(p.Years, m)
		}
		if rid != id && m.Int("year") == year {
			p.Copies = append(p.Copies, m)
		}
	}
}
