package charts

import (
	"html"
	"html/template"
	"net/url"
	"strings"

	"github.com/touming/touming"
)

// coverageRowsHTML renders the rows of the overview's coverage table: the
// region's code and name, then its reports per year, the name and each
// year with reports linking the region's county page. The national table
// has a row per county, about 3,000 with a cell per year: written here, it
// takes a few milliseconds, where the template's actions for each cell
// took most of the page's time. Every value is escaped.
func coverageRowsHTML(t *touming.Table) template.HTML {
	var b strings.Builder
	for _, row := range t.Rows {
		code := ""
		if len(row) > 0 && row[0] != nil {
			code = formatNumber(row[0])
		}
		href := `<a href="/county/` + html.EscapeString(url.PathEscape(code)) + `">`
		b.WriteString("<tr>")
		for i, v := range row {
			text := html.EscapeString(formatNumber(v))
			switch {
			case code == "":
				b.WriteString("<td>" + text + "</td>")
			case i == 1 || i >= 2 && truthy(v):
				b.WriteString(cellOpen(i) + href + text + "</a></td>")
			default:
				b.WriteString(cellOpen(i) + text + "</td>")
			}
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

// cellOpen opens a coverage cell: the year columns are numbers.
func cellOpen(i int) string {
	if i >= 2 {
		return `<td class="n">`
	}
	return "<td>"
}

// truthy is a template's truth of a count: not null, not zero.
func truthy(v any) bool {
	if v == nil {
		return false
	}
	if f := toFloat(v); f != nil {
		return *f != 0
	}
	return formatNumber(v) != ""
}
