package charts

import (
	"net/url"
	"strconv"

	"github.com/touming/touming"
)

// panelRows is how many rows a long table on the quality page shows at a
// time: at national scale a panel holds tens of thousands of reports, and
// the whole list stays one click away as the panel's CSV.
const panelRows = 200

// pager is one page of a panel's rows: Total rows in all, the shown ones
// From+1..To, and links to the pages around it ("" at either end).
type pager struct {
	Total, From, To int
	Prev, Next      string
}

// pageOf keeps the page of t that the request's "<name>_page" parameter
// asks for (the first when it is missing or not a page) and says where it is.
// t itself is not changed: the CSV download sends every row.
func pageOf(t *touming.Table, name, path string, query url.Values) (*touming.Table, pager) {
	pg := pager{Total: len(t.Rows)}
	pages := max(1, (pg.Total+panelRows-1)/panelRows)
	n, err := strconv.Atoi(query.Get(name + "_page"))
	if err != nil || n < 1 || n > pages {
		n = 1
	}
	pg.From, pg.To = (n-1)*panelRows, min(n*panelRows, pg.Total)
	pg.links(n, pages, name, path, query)
	shown := *t
	shown.Rows = t.Rows[pg.From:pg.To]
	return &shown, pg
}

// links sets Prev and Next, the addresses of the pages around page n of
// pages: the request's query with "<name>_page" changed.
func (pg *pager) links(n, pages int, name, path string, query url.Values) {
	link := func(page int) string {
		q := url.Values{}
		for k, vs := range query {
			q[k] = vs
		}
		q.Set(name+"_page", strconv.Itoa(page))
		return path + "?" + q.Encode() + "#" + name
	}
	if n > 1 {
		pg.Prev = link(n - 1)
	}
	if n < pages {
		pg.Next = link(n + 1)
	}
}
