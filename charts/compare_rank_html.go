package charts

import (
	"html/template"
	"strconv"
	"strings"
)

// The ranking tables are most of the compare page's HTML: a province's
// whole counties at a million reports are 3 tables of 185 counties by 6
// years by 3 cells, and html/template took 18 of the page's 30 ms to
// write them, a reflective call for every value and its escaper (issue
// 17). rowsHTML writes the same bytes directly; TestRankRowsAsTemplate
// compares it with the template text it replaced.

// rowsHTML is the ranking's rows (<tr> per county), as compare.html
// wrote them.
func (t rankTable) rowsHTML(e *escapes) template.HTML {
	var b strings.Builder
	b.Grow(len(t.Rows) * (80 + 160*len(t.Years)))
	for _, l := range t.Rows {
		b.WriteString(`<tr><td><a href="/county/`)
		b.WriteString(e.get(e.href, l.Code))
		b.WriteString(`">`)
		b.WriteString(e.get(e.text, l.County))
		b.WriteString(`</a></td>`)
		for _, c := range l.Cells {
			c.write(&b, e)
		}
		b.WriteString(`</tr>`)
	}
	return template.HTML(b.String())
}

// write writes one year's three cells: rank (or why none), rate linked
// to its report, and n with the reason a county is not ranked.
func (c rankCell) write(b *strings.Builder, e *escapes) {
	b.WriteString(`<td class="n">`)
	if c.Rank != 0 {
		b.WriteString(strconv.Itoa(c.Rank))
	} else {
		b.WriteString(`<span title="`)
		b.WriteString(e.get(e.attr, c.Reason))
		b.WriteString(`">—</span>`)
	}
	b.WriteString(`</td><td class="n">`)
	if c.ReportID != 0 {
		b.WriteString(`<a href="/report/`) // digits: no escaping
		b.WriteString(strconv.FormatInt(c.ReportID, 10))
		b.WriteString(`">`)
	}
	b.WriteString(e.number(c.Rate))
	if c.Rate != nil {
		b.WriteString(`%`)
	}
	if c.ReportID != 0 {
		b.WriteString(`</a>`)
	}
	b.WriteString(`</td><td class="n" `)
	if c.Reason != "" {
		b.WriteString(`title="`)
		b.WriteString(e.get(e.attr, c.Reason))
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	b.WriteString(e.number(c.N))
	if c.Reason != "" && c.Rank == 0 {
		b.WriteString(`<br><span class="note">`)
		b.WriteString(e.get(e.text, c.Reason))
		b.WriteString(`</span>`)
	}
	b.WriteString(`</td>`)
}

// escapes writes values as html/template escapes them in each context of
// the rows, by running the template on each distinct value once: a
// ranking repeats its counties' names and a few reasons over thousands
// of cells. Numbers of digits, point and minus need no escaping.
type escapes struct {
	text, attr, href *escapeCache
}

// escapeCache is one context: a template that prints a value there, and
// what it printed for each value so far.
type escapeCache struct {
	t             *template.Template
	before, after string
	done          map[string]string
}

var (
	escapeText = template.Must(template.New("text").Parse(`{{.}}`))
	escapeAttr = template.Must(template.New("attr").Parse(`<a title="{{.}}">`))
	escapeHref = template.Must(template.New("href").Parse(`<a href="/county/{{.}}">`))
)

func newEscapes() *escapes {
	return &escapes{
		text: &escapeCache{t: escapeText, done: map[string]string{}},
		attr: &escapeCache{t: escapeAttr, before: `<a title="`, after: `">`, done: map[string]string{}},
		href: &escapeCache{t: escapeHref, before: `<a href="/county/`, after: `">`, done: map[string]string{}},
	}
}

// get is s escaped in c's context.
func (e *escapes) get(c *escapeCache, s string) string {
	if v, ok := c.done[s]; ok {
		return v
	}
	var b strings.Builder
	if err := c.t.Execute(&b, s); err != nil {
		return template.HTMLEscapeString(s) // a string always prints
	}
	v := strings.TrimSuffix(strings.TrimPrefix(b.String(), c.before), c.after)
	c.done[s] = v
	return v
}

// number is {{num .}} of a rate or n in text.
func (e *escapes) number(p *float64) string {
	s := formatNumber(p)
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != '-' {
			return e.get(e.text, s)
		}
	}
	return s
}
