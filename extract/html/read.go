// Package html reads a report page into a sheet.Doc: the page decoded to
// UTF-8 (internal/textenc), its data tables expanded into grids (rowspan and
// colspan, clamped against hostile markup), layout tables walked as
// paragraphs, short paragraphs kept as headings and the <title> kept for
// choosing the report's title.
package html

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/touming/touming"
	"github.com/touming/touming/extract/sheet"
	"github.com/touming/touming/internal/textenc"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Read reads a report page as a sheet.Doc: its data tables as grid lines
// (rowspan and colspan expanded), its short paragraphs as headings, its
// text as the body. contentType is the HTTP Content-Type when known (its
// charset is honoured); linkTitle, the text of the link the page was found
// under, titles a page that prints no title of its own.
func Read(data []byte, contentType, linkTitle string) (sheet.Doc, error) {
	src, err := textenc.Decode(data, contentType, true)
	if err != nil {
		return sheet.Doc{}, fmt.Errorf("html: %w: %w", touming.ErrCorrupt, err)
	}
	doc, err := nethtml.Parse(bytes.NewReader(src))
	if err != nil {
		return sheet.Doc{}, fmt.Errorf("html: parse: %w", err)
	}
	w := &walker{b: sheet.Builder{BodyLimit: 2 * sheet.MetaSpan, MaxCell: maxCell}}
	w.b.Grow(min(len(src), 2*sheet.MetaSpan))
	w.walk(doc)
	w.flush()
	title := sheet.TitleOf(w.title, w.b.BodyText())
	if title == "" {
		title = sheet.TitleOf(linkTitle, "")
	}
	out := w.b.Doc(title)
	if w.published != "" {
		out.Published, out.PublishedFrom = w.published, "meta"
	}
	out.Attachments = w.attachments
	return out, nil
}

// walker hands a page's tables and paragraphs to the Builder, and keeps
// its <title>.
type walker struct {
	b           sheet.Builder
	title       string
	published   string   // from a <meta> tag
	attachments []string // links to attached documents
	block       []byte   // the paragraph being read; reused
}

var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Center: true, atom.Font: false,
}

func (w *walker) walk(n *nethtml.Node) {
	switch n.Type {
	case nethtml.TextNode:
		w.block = append(w.block, n.Data...)
		return
	case nethtml.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Head:
			if n.DataAtom == atom.Head {
				w.head(n)
			}
			return
		case atom.Title:
			w.title = sheet.Squash(textOf(n))
			return
		case atom.A:
			w.link(n)
		case atom.Table:
			if !hasTable(n) {
				w.flush()
				if w.table(n) {
					return
				}
			}
		}
	}
	brk := n.Type == nethtml.ElementNode && blocks[n.DataAtom]
	if brk {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if brk {
		w.flush()
	}
}

// head keeps the <title>, the only text of <head> worth reading.
func (w *walker) head(n *nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type != nethtml.ElementNode:
		case c.DataAtom == atom.Title:
			w.title = sheet.Squash(textOf(c))
		case c.DataAtom == atom.Meta && w.published == "" && dateMeta[strings.ToLower(attr(c, "name")+attr(c, "property"))]:
			w.published, _ = sheet.Date(attr(c, "content"))
		}
	}
}

// attachmentExt are the extensions of the files portals attach reports as.
var attachmentExt = []string{".pdf", ".doc", ".docx", ".wps", ".ofd", ".rtf", ".odt"}

// link keeps an <a> that leads to an attached document: by the file's
// extension, or by a text that says 附件 or 下载.
func (w *walker) link(n *nethtml.Node) {
	href := strings.TrimSpace(attr(n, "href"))
	if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") || len(w.attachments) >= 20 {
		return
	}
	p := strings.ToLower(href)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	text := textOf(n)
	ok := strings.Contains(text, "附件") || strings.Contains(text, "下载")
	for _, e := range attachmentExt {
		ok = ok || strings.HasSuffix(p, e)
	}
	if ok && !slices.Contains(w.attachments, href) {
		w.attachments = append(w.attachments, href)
	}
}

// dateMeta are the <meta> names (or properties) by which portals' CMS
// (TRS, Hanweb, Dayu and others) state a page's publication date.
var dateMeta = map[string]bool{
	"pubdate": true, "publishdate": true, "firstpublishedtime": true, "articlepublishdate": true,
	"article:published_time": true, "publishtime": true, "releasedate": true, "dc.date": true,
}

// attr is the value of n's attribute key, or "".
func attr(n *nethtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// flush ends the current paragraph. A long one is narrative: only its
// opening matters (metadata), and it is never a heading.
func (w *walker) flush() {
	raw := w.block
	w.block = w.block[:0]
	if len(raw) > 8*sheet.MaxHeading {
		w.b.Narrative(raw)
		return
	}
	w.b.Para(string(raw))
}

// maxCell is the longest cell text of a data table; a table with a longer
// cell lays a page out (old CMS put the whole article in one cell) and is
// read as paragraphs.
const maxCell = 200

// table hands one data table to the Builder. It reports false, adding
// nothing, for a layout table.
func (w *walker) table(n *nethtml.Node) bool {
	var rows [][]*nethtml.Node
	collectRows(n, &rows)
	return w.b.Grid(expand(rows))
}

func hasTable(n *nethtml.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.ElementNode && (c.DataAtom == atom.Table || hasTable(c)) {
			return true
		}
	}
	return false
}

// collectRows gathers the <tr> elements of a table (through thead, tbody
// and tfoot) with their cells.
func collectRows(n *nethtml.Node, rows *[][]*nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != nethtml.ElementNode {
			continue
		}
		if c.DataAtom == atom.Tr {
			var cells []*nethtml.Node
			for d := c.FirstChild; d != nil; d = d.NextSibling {
				if d.Type == nethtml.ElementNode && (d.DataAtom == atom.Td || d.DataAtom == atom.Th) {
					cells = append(cells, d)
				}
			}
			*rows = append(*rows, cells)
			continue
		}
		collectRows(c, rows)
	}
}

// textOf returns the text under n; <br> and block ends become newlines so
// that words printed on separate lines stay apart for people, while label
// matching ignores the whitespace.
func textOf(n *nethtml.Node) string {
	var b strings.Builder
	var rec func(*nethtml.Node)
	rec = func(n *nethtml.Node) {
		switch {
		case n.Type == nethtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == nethtml.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		case n.Type == nethtml.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if n.Type == nethtml.ElementNode && n.DataAtom == atom.P {
			b.WriteByte('\n')
		}
	}
	rec(n)
	return b.String()
}

// span reads a colspan or rowspan attribute: at least 1, at most limit.
func span(n *nethtml.Node, name string, limit int) int {
	for _, a := range n.Attr {
		if a.Key == name {
			v, err := strconv.Atoi(strings.TrimSpace(strings.Trim(a.Val, `"'`)))
			if err != nil || v < 1 {
				return 1
			}
			return min(v, limit)
		}
	}
	return 1
}
