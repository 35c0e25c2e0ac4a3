// Package pageimg finds the pictures in a report page's body that may be
// its tables: the one rule crawl (which fetches them) and extract (which
// reads them) share, so that they agree on which images a page needs.
package pageimg

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Max is the most pictures taken from one page: a report prints three
// tables, perhaps each cut in a few; a page with more is a gallery.
const Max = 24

// minSide is the least width or height (when the page gives it) of a
// picture that can hold a table: smaller ones are icons and buttons.
const minSide = 120

// Sources returns the src of each picture in the page's body that could
// be a table, in page order, once each: not inside a header, navigation
// or footer, not a logo or icon, not declared smaller than minSide.
func Sources(page *html.Node) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skipped(n) {
				return
			}
			if n.DataAtom == atom.Img {
				if src := strings.TrimSpace(attr(n, "src")); src != "" && !seen[src] && picture(n, src) && len(out) < Max {
					seen[src] = true
					out = append(out, src)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(page)
	return out
}

// skipped tells the parts of a portal page that are no part of a report.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Header, atom.Nav, atom.Footer, atom.Head, atom.Script, atom.Noscript:
		return true
	}
	id := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, w := range []string{"header", "footer", "nav", "logo", "menu", "share"} {
		if strings.Contains(id, w) {
			return true
		}
	}
	return false
}

func picture(n *html.Node, src string) bool {
	l := strings.ToLower(src)
	if strings.Contains(l, "logo") || strings.Contains(l, "icon") || strings.HasSuffix(l, ".svg") {
		return false
	}
	for _, a := range []string{"width", "height"} {
		if v, err := strconv.Atoi(strings.TrimSuffix(attr(n, a), "px")); err == nil && v < minSide {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
