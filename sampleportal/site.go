package sampleportal

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/touming/touming"
)

// Style is the CMS family a site is built on.
type Style string

// The two CMS families.
const (
	TRS    Style = "trs"    // 拓尔思: static pages, createPageHTML pagination, UTF-8
	Hanweb Style = "hanweb" // 大汉: datastore records, ?pageNum= pagination, GBK
)

// Site is one county's portal.
type Site struct {
	ID     string // e.g. xinxiang-county
	Name   string // e.g. 新乡县人民政府
	Region string // GB/T 2260 code
	Style  Style
	// Start is the path the sources file gives: the home page for some
	// sites (the crawler must find the column), the column for others.
	Start string
	// List is the path of the annual-report column's first page.
	List string

	opt     Options
	index   int
	county  county
	gbk     bool   // pages are GBK with no charset in the Content-Type
	meta    bool   // GBK pages name their charset in a <meta>
	robots  string // a path prefix robots.txt disallows; empty: no robots.txt
	colID   int    // Hanweb column id
	reports []*Report
	others  []entry // list entries that are not reports

	mu   sync.Mutex
	hits map[string]int // full responses per path (with query), for tests
	once map[string]bool
}

// entry is one line of a column's list.
type entry struct {
	title, href, date string
}

func siteID(i int, c county) string {
	ids := map[string]string{"410721": "xinxiang-county", "410724": "huojia", "410725": "yuanyang",
		"410726": "yanjin", "410727": "fengqiu", "410781": "weihui", "410782": "huixian"}
	id := ids[c.code]
	if i >= len(counties()) {
		id += "-" + strconv.Itoa(i/len(counties())+1)
	}
	return id
}

func newSite(opt Options, i int, c county) *Site {
	s := &Site{ID: siteID(i, c), Name: c.gov, Region: c.code, opt: opt, index: i, county: c,
		hits: map[string]int{}, once: map[string]bool{}}
	if i%2 == 1 {
		s.Style, s.gbk, s.meta = Hanweb, true, i%7 != 5 // 卫辉市 names no charset at all
		s.colID = 1200 + i
		s.List = fmt.Sprintf("/col/col%d/index.html", s.colID)
	} else {
		s.Style, s.List = TRS, "/zwgk/zfxxgk/zfxxgkndbg/index.htm"
	}
	s.Start = s.List
	if i%7 == 0 || i%7 == 4 || i%7 == 5 {
		s.Start = "/"
	}
	if i%7 != 3 {
		s.robots = "/preview/"
	}
	s.buildReports()
	s.buildOthers()
	return s
}

// special returns how the site's own report of year is published, and
// its defect: the features sites carry by index%7, when faults are on.
func (s *Site) special(year int) (Form, Defect) {
	if s.opt.Plain {
		return FormHTML, ""
	}
	switch {
	case s.index%7 == 2 && year == 2020:
		return FormDOCX, ""
	case s.index%7 == 2 && year == 2019:
		return FormImage, ""
	case s.index%7 == 3 && year == 2019:
		return FormScan, ""
	case s.index == 5 && year == 2020: // only the first 卫辉市: the PDF holds its numbers
		return FormPDF, ""
	case s.index%7 == 4 && year == 2022:
		return FormHTML, DefectBlankCell
	case s.index%7 == 5 && year == 2021:
		return FormHTML, DefectBadSum
	case s.index%7 == 6 && year == 2023:
		return FormHTML, DefectSubtotal
	}
	return FormHTML, ""
}

func (s *Site) buildReports() {
	for ai, a := range s.bodies() {
		seed := a.seed
		if s.index >= len(counties()) {
			seed = s.ID + a.seed // a repeated county publishes numbers of its own
		}
		ser := newSeries(seed, a.seed, a.scale)
		for _, y := range s.opt.Years {
			v := ser.year(y)
			if a.skips(y) {
				continue
			}
			r := s.newReport(a.name(y), y, ai)
			r.Form, r.Defect = FormHTML, ""
			if ai == 0 {
				r.Form, r.Defect = s.special(y)
			}
			applyDefect(r.Defect, v)
			if ai == 0 {
				s.applyAudit(r, v)
			}
			s.finish(r, v)
			s.reports = append(s.reports, r)
			if ai == 0 {
				s.addCopy(r)
			}
		}
	}
	sortReports(s.reports)
}

// newReport places a report on the site: its title, date and paths.
func (s *Site) newReport(agency string, year, ai int) *Report {
	rg := rng(agency, strconv.Itoa(year), "page")
	day := 10 + rg.IntN(20) - ai%3
	r := &Report{Site: s.ID, Region: s.Region, Agency: agency, Year: year, Template: templateFor(year),
		Title:     fmt.Sprintf("%s%d年政府信息公开工作年度报告", agency, year),
		Published: fmt.Sprintf("%d-01-%02d", year+1, day)}
	id := 3000000 + rg.IntN(900000)
	if s.Style == TRS {
		r.Path = fmt.Sprintf("/zwgk/zfxxgk/zfxxgkndbg/%d01/t%d01%02d_%d.htm", year+1, year+1, day, id)
	} else {
		r.Path = fmt.Sprintf("/art/%d/1/%d/art_%d_%d.html", year+1, day, s.colID, id)
	}
	return r
}

// finish sets what the report prints and how it should be read.
func (s *Site) finish(r *Report, v map[string]*float64) {
	r.Status = touming.StatusOK
	switch r.Form {
	case FormHTML, FormDOCX, FormPDF:
		r.Values = v
	case FormImage: // read by OCR where it is installed, else no_tables
		r.Values, r.Status = v, touming.StatusOCRVerified
	case FormScan:
		r.Status = touming.StatusNoText
	}
	switch {
	case r.Form == FormDOCX && s.Style == TRS:
		r.Attachment = fmt.Sprintf("/zwgk/zfxxgk/zfxxgkndbg/%d01/P0%d01%s.docx", r.Year+1, r.Year+1, r.Published[8:]+"59721")
	case r.Form == FormDOCX || r.Form == FormScan || r.Form == FormPDF:
		r.Attachment = fmt.Sprintf("/module/download/downfile.jsp?classid=0&filename=%d%s.pdf", r.Year+1, r.Published[8:]+"0913")
		if r.Form == FormDOCX {
			r.Attachment = r.Attachment[:len(r.Attachment)-4] + ".docx"
		}
	}
	if r.Form == FormScan && s.Style == TRS {
		r.Attachment = fmt.Sprintf("/zwgk/zfxxgk/zfxxgkndbg/%d01/P0%d01%s.pdf", r.Year+1, r.Year+1, r.Published[8:]+"40123")
	}
}

// buildOthers adds the entries of the column that are not reports: a
// notice about the reports, a work plan and, behind robots.txt, a draft.
func (s *Site) buildOthers() {
	last := s.opt.Years[len(s.opt.Years)-1]
	gov := s.county.gov
	add := func(title, path, date string) {
		s.others = append(s.others, entry{title: title, href: path, date: date})
	}
	add(fmt.Sprintf("关于做好%d年政府信息公开工作年度报告编制发布工作的通知", last), s.articlePath(last, 12, 777001), fmt.Sprintf("%d-12-20", last))
	add(fmt.Sprintf("%s%d年政务公开工作要点", gov, last), s.articlePath(last, 4, 777002), fmt.Sprintf("%d-04-08", last))
	if s.robots != "" && !s.opt.Plain {
		add(fmt.Sprintf("%s%d年政府信息公开工作年度报告（征求意见稿）", gov, last), s.robots+"draft.htm", fmt.Sprintf("%d-01-05", last+1))
	}
}

func (s *Site) articlePath(year, month, id int) string {
	if s.Style == TRS {
		return fmt.Sprintf("/zwgk/zfxxgk/zfxxgkndbg/%d%02d/t%d%02d15_%d.htm", year, month, year, month, id)
	}
	return fmt.Sprintf("/art/%d/%d/15/art_%d_%d.html", year, month, s.colID, id)
}

// Hits returns how many full (200) responses the site sent for path,
// which may include a query string: tests use it to see what was
// downloaded again.
func (s *Site) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Reports returns the site's reports, newest first.
func (s *Site) Reports() []Report {
	out := make([]Report, len(s.reports))
	for i, r := range s.reports {
		out[i] = *r
	}
	return out
}
