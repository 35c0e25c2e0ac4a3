// Package sampleportal is a realistic set of county government portals
// that publish 政府信息公开工作年度报告, for tests and the demo.
//
// It imitates the county portals of 新乡市 (GB/T 2260 410700): each county
// is one site built on one of the two CMS families most Chinese government
// portals run on, TRS (拓尔思, static index_1.htm pages paged by the
// createPageHTML script) and Hanweb (大汉, records inside a
// <script type="text/xml"> datastore, paged by query string, pages in GBK
// with no charset in the header). The sites carry what a crawler meets in
// the wild: robots.txt, a page that fails once with 500, a redirect, a slow
// page, a report linked twice, notices and work plans that are not
// reports, Word and scanned PDF attachments, a report whose tables are an
// image, and reports with a blank cell, a sum that does not add up and an
// extra 小计 column.
//
// The numbers are pseudo-random but deterministic and consistent with the
// template's arithmetic except where a defect is intended; Reports returns
// what each generated document prints, for tests to compare against.
package sampleportal

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/touming/touming"
)

// Options shape a Portal. The zero value is the demo portal: seven
// counties, 2019-2024, with every fault switched on.
type Options struct {
	// Sites is the number of sites; more than seven repeats the counties
	// under new IDs (for benchmarks). Zero means seven.
	Sites int
	// Years covered; empty means 2019 to 2024.
	Years []int
	// Departments adds that many department reports per year to each
	// site's column (county portals list their departments' reports too).
	Departments int
	// Bodies makes each county publish the reports of several kinds of
	// body, as real county columns do: its government and three
	// departments of different types (公安局, 教育局 and one more), one
	// county government that skipped a year (延津县, 2022), one department
	// renamed between years (获嘉县国土资源局 → 获嘉县自然资源局 in 2021)
	// and one report posted as a page and again as a Word attachment with
	// one cell different (原阳县 2024). It replaces Departments.
	Bodies bool
	// PerPage is the number of entries on one list page; zero means 5.
	PerPage int
	// Plain turns the faults off (no 500, redirect, slow page, duplicate
	// link, attachments or defects): a clean portal for benchmarks.
	Plain bool
	// Latency is added to every response.
	Latency time.Duration
	// Slow is the extra delay of the slow page; zero means 300 ms.
	Slow time.Duration
}

func (o Options) withDefaults() Options {
	if o.Sites == 0 {
		o.Sites = 7
	}
	if len(o.Years) == 0 {
		o.Years = []int{2019, 2020, 2021, 2022, 2023, 2024}
	}
	if o.PerPage == 0 {
		o.PerPage = 5
	}
	if o.Slow == 0 {
		o.Slow = 300 * time.Millisecond
	}
	return o
}

// Portal is a set of sites. It is safe for concurrent use.
type Portal struct {
	opt   Options
	sites []*Site
}

// New builds the portal's sites and every page's values.
func New(opt Options) *Portal {
	opt = opt.withDefaults()
	p := &Portal{opt: opt}
	cs := counties()
	for i := range opt.Sites {
		p.sites = append(p.sites, newSite(opt, i, cs[i%len(cs)]))
	}
	return p
}

// Sites returns the portal's sites.
func (p *Portal) Sites() []*Site { return p.sites }

// Reports returns every report document the portal publishes, with the
// values it prints: the ground truth of a crawl.
func (p *Portal) Reports() []Report {
	var out []Report
	for _, s := range p.sites {
		for _, r := range s.reports {
			out = append(out, *r)
		}
	}
	return out
}

// Handler serves every site on one server, each under the path prefix
// /<site id>/, for the demo. Tests that need one host per site serve
// Site.Handler on a server each.
func (p *Portal) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", p.root)
	for _, s := range p.sites {
		mux.Handle("/"+s.ID+"/", http.StripPrefix("/"+s.ID, s.handler("/"+s.ID)))
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "User-agent: *\n")
		for _, s := range p.sites {
			if s.robots != "" {
				fmt.Fprintf(w, "Disallow: /%s%s\n", s.ID, s.robots)
			}
		}
	})
	return mux
}

// SourcesYAML returns a sources file for the portal. base maps a site ID
// to the URL it is served at (scheme and host, and the /<id> prefix when
// the sites share Handler); sites missing from base are left out.
func (p *Portal) SourcesYAML(base map[string]string) string {
	var b strings.Builder
	b.WriteString("# Sample portal: the counties of 新乡市 (410700)\nsources:\n")
	for _, s := range p.sites {
		u, ok := base[s.ID]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    region: \"%s\"\n    start:\n      - %s%s\n",
			s.ID, s.Name, s.Region, strings.TrimRight(u, "/"), s.Start)
	}
	return b.String()
}

// Form is how a report is published.
type Form string

// The forms a sample report takes.
const (
	FormHTML  Form = "html"  // tables in the page
	FormDOCX  Form = "docx"  // tables in a Word attachment; the page only links it
	FormPDF   Form = "pdf"   // tables in a PDF attachment with a text layer
	FormScan  Form = "scan"  // a scanned PDF attachment with no text layer
	FormImage Form = "image" // the page shows the tables as an image
)

// Report is one report a site publishes and what it prints.
type Report struct {
	Site     string // Site.ID
	Region   string
	Agency   string
	Year     int
	Template touming.Template
	Title    string
	// Path is the report page's path on its site; Attachment the path of
	// its attachment, if any. Both are as served by Site.Handler.
	Path       string
	Attachment string
	Published  string // YYYY-MM-DD
	Form       Form
	// Values are the printed values, every key of the template's fields,
	// nil for a blank cell. Nil for a report whose tables cannot be read.
	Values map[string]*float64
	Defect Defect
	// Audit is a flaw the audit's rules find (audit.go); StatedNew is how
	// many more applications section 一 states than table 三 holds, and
	// Story a long text for section 五 (the copying rule's input).
	Audit     AuditDefect
	StatedNew float64
	Story     string
	// Copy marks the Word attachment of a report page that prints the
	// same report (Options.Bodies): it is linked from the page at Path,
	// not listed in the column.
	Copy bool
	// Status is the document status extraction should give the document
	// that holds the tables (the attachment for FormDOCX, FormPDF and
	// FormScan). For FormImage it is ocr_verified, which needs Tesseract:
	// without it the page is no_tables and no value is read.
	Status string
}

// TablesPath is the path of the document that holds the tables.
func (r Report) TablesPath() string {
	if r.Attachment != "" {
		return r.Attachment
	}
	return r.Path
}

// sortReports orders a column newest first, as portals list them.
func sortReports(rs []*Report) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Published > rs[j].Published })
}
