package charts

import (
	"context"
	"net/http"
	"net/url"

	"github.com/touming/touming"
)

// auditPage is the data of the audit template (审核): the catalogue's
// figures by province, kind of body or year.
type auditPage struct {
	By       string // province, kind or year
	ByLabel  string
	Measures []auditMeasure
	Rules    []touming.Rule
}

// auditMeasure is one figure of the page: a chart of its rate per group
// and a table whose counts link to the reports behind them.
type auditMeasure struct {
	Panel panel
	Rows  []auditRow
	// Failing says what the counted column is: the failed ones (勾稽,
	// copying) or the ones that hold (on time, complete).
	Counted string
}

// auditRow is one group of a measure's table.
type auditRow struct {
	Name                     string
	Reports, Assessed, Count int64
	Rate                     *float64
	ReportsURL, CountURL     string
}

// auditMeasureDef names a measure's columns in audit_rates and
// audit_reports.
type auditMeasureDef struct {
	id, title, counted, prefix, column, value, note string
}

var auditMeasures = []auditMeasureDef{
	{"arith", "勾稽关系差错率（C1–C4，%）", "不成立", "arith", "arith_ok", "false", "表三、表四内部勾稽关系至少一项不成立的报告占可判断报告的比例。"},
	{"carry", "上年结转不一致率（C5，%）", "不一致", "carry", "carry_ok", "false", "本年“上年结转”与同一机关上年报告“结转下年度继续办理”不一致的报告占比（需有上年报告）。"},
	{"time", "按时公开率（条例第四十九条，%）", "按时", "time", "on_time", "true", "部门 1月31日前、人民政府 3月31日前公开的报告占有发布日期、机关类别可判断的报告的比例。"},
	{"complete", "完整率（六个部分、三张表，%）", "完整", "complete", "complete", "true", "六个部分与表二、表三、表四均找到的报告占比。"},
	{"copy", "雷同率（与上年相似度超过 50%，%）", "雷同", "copy", "copied", "true", "正文与同一机关上年报告的相似度超过 50% 的报告占可比较报告的比例。"},
}

var auditDims = map[string]struct{ label, column string }{
	"province": {"省份", "province_code"}, "kind": {"机关类别", "kind"}, "year": {"年度", "year"},
}

func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "province"
	}
	dim, ok := auditDims[by]
	if !ok {
		s.fail(w, http.StatusBadRequest, userErrf("分组只能是 province（省份）、kind（机关类别）或 year（年度）。", "audit by %q: want province, kind or year", by))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pageTimeout)
	defer cancel()
	t, err := s.query(ctx, "audit_rates", by)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	rules, err := touming.Rules()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	p := &auditPage{By: by, ByLabel: dim.label, Rules: rules}
	link := csvLink("/audit", r.URL.Query())
	rows := rowMaps(t)
	for _, d := range auditMeasures {
		p.Measures = append(p.Measures, auditMeasureOf(d, dim.label, dim.column, by, rows, link))
	}
	if name := r.URL.Query().Get("csv"); name != "" {
		var ps []panel
		for _, m := range p.Measures {
			ps = append(ps, m.Panel)
		}
		s.sendPanelCSV(w, name, ps...)
		return
	}
	s.render(w, http.StatusOK, "audit", "审核", p)
}

// auditMeasureOf builds one measure's chart, table and CSV from the rows
// of audit_rates.
func auditMeasureOf(d auditMeasureDef, dimLabel, dimColumn, by string, rows []rowMap, link func(string) string) auditMeasure {
	m := auditMeasure{Counted: d.counted}
	spec := chartSpec{ID: "audit_" + d.id, Kind: "bar", Title: d.title, Axis: dimLabel, Unit: "%", Max: 100}
	rates := series{Name: d.title}
	csv := &touming.Table{Columns: []string{"key", dimLabel, "报告数", "可判断", d.counted, "比例（%）"}}
	for _, row := range rows {
		name := row.Str("name")
		if by == "kind" {
			name = kindLabel(row.Str("key"), "")
		}
		a := auditRow{Name: name, Reports: int64(row.Int("reports")), Assessed: int64(row.Int(d.prefix + "_assessed")),
			Rate: row.Num(d.prefix + "_rate")}
		if d.value == "true" {
			a.Count = int64(row.Int(d.prefix + "_ok"))
		} else {
			a.Count = int64(row.Int(d.prefix + "_failed"))
		}
		q := url.Values{dimColumn: {row.Str("key")}}
		a.ReportsURL = "/data/audit_reports?" + q.Encode()
		q.Set(d.column, d.value)
		a.CountURL = "/data/audit_reports?" + q.Encode()
		m.Rows = append(m.Rows, a)
		spec.Categories = append(spec.Categories, name)
		rates.Values = append(rates.Values, a.Rate)
		csv.Rows = append(csv.Rows, []any{row.Str("key"), name, a.Reports, a.Assessed, a.Count, ptrValue(a.Rate)})
	}
	spec.Series = []series{rates}
	m.Panel = chartPanel(spec, d.note, link)
	m.Panel.Data = csv
	return m
}

// addFindings lists a report's failing findings of the warehouse's rules
// (C5, C7, …) and marks the cells each names: this report's own cells
// (the carry-over of this year, not the whole column).
func (s *Server) addFindings(ctx context.Context, p *reportPage, id int64, cells map[string]bool) error {
	t, err := s.query(ctx, "report_findings", id)
	if err != nil {
		return err
	}
	p.Findings = rowMaps(t)
	for _, f := range p.Findings {
		for _, k := range stringList(f["cells"]) {
			cells[k] = true
		}
	}
	return nil
}
