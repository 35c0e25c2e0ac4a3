package sampleportal

import (
	"maps"
	"path"
	"strings"

	"github.com/touming/touming"
)

// body is one publishing body of a county.
type body struct {
	seed  string // stable across a rename, so that its numbers carry on
	scale float64
	name  func(year int) string
	skips func(year int) bool
}

// bodies are the bodies whose reports the county's column lists: its
// government, then Options.Departments departments or, with
// Options.Bodies, three departments of different types.
func (s *Site) bodies() []body {
	never := func(int) bool { return false }
	named := func(n string) func(int) string { return func(int) string { return n } }
	gov := body{seed: s.county.gov, scale: s.county.scale, name: named(s.county.gov), skips: never}
	if s.opt.Bodies && s.index%7 == 3 && !s.opt.Plain {
		gov.skips = func(y int) bool { return y == 2022 } // 延津县's government published nothing for 2022
	}
	out := []body{gov}
	depts := departments()[:min(s.opt.Departments, len(departments()))]
	if s.opt.Bodies {
		third := []string{"发展和改革委员会", "自然资源局", "卫生健康委员会", "财政局", "市场监督管理局", "住房和城乡建设局", "交通运输局"}
		depts = []string{"公安局", "教育局", third[s.index%7]}
	}
	for _, d := range depts {
		b := body{seed: s.county.name + d, scale: s.county.scale * 0.15, name: named(s.county.name + d), skips: never}
		if s.opt.Bodies && d == "自然资源局" {
			// The 2019 reform renamed 国土资源局; the sample's rename
			// shows in its 2021 report.
			b.name = func(y int) string {
				if y < 2021 {
					return s.county.name + "国土资源局"
				}
				return s.county.name + d
			}
		}
		out = append(out, b)
	}
	return out
}

// addCopy adds, for 原阳县's 2024 government report with Options.Bodies,
// the same report as a Word attachment of its page, with 行政处罚 printed
// 7 higher: two documents of one agency-year whose numbers conflict.
func (s *Site) addCopy(r *Report) {
	if !s.opt.Bodies || s.opt.Plain || s.index%7 != 2 || r.Year != 2024 || r.Form != FormHTML || r.Values == nil {
		return
	}
	c := *r
	c.Values = maps.Clone(r.Values)
	if p := c.Values["active.penalty.decisions"]; p != nil {
		c.Values["active.penalty.decisions"] = touming.Float(*p + 7)
	}
	c.Form, c.Copy = FormDOCX, true
	c.Attachment = strings.TrimSuffix(r.Path, path.Ext(r.Path)) + "_fj.docx"
	s.reports = append(s.reports, &c)
}

// copyOf returns the attachment copy of report r, if it has one.
func (s *Site) copyOf(r *Report) *Report {
	for _, c := range s.reports {
		if c.Copy && c.Path == r.Path && c != r {
			return c
		}
	}
	return nil
}
