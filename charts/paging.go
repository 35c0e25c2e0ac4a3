package charts

import (
	"net/url"
	"strconv"
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
