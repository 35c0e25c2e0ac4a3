package extract

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
	"github.com/touming/touming/internal/textenc"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHeading is the longest paragraph kept between tables as a line: table
// titles and headings (第二十条第（一）项, 三、收到和处理…) are short,
// narrative is long and must not be mistaken for an anchor.
const maxHeading = 60

// fromHTML reads a report page.
func fromHTML(in Input) (*touming.Report, error) {
	src, err := textenc.Decode(in.Data, in.ContentType, true)
	if err != nil {
		return nil, fmt.Errorf("html: %w: %w", touming.ErrCorrupt, err)
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("html: parse: %w", err)
	}
	w := &walker{}
	w.body.Grow(min(len(src), 2*metaSpan))
	w.walk(doc)
	w.flush()
	body := w.body.String()
	title := titleOf(w.title, body)
	if title == "" {
		title = titleOf(in.Title, "")
	}
	return build(in.Name, w.lines, title, body)
}

// walker collects a page's tables as lines of pieces, its short paragraphs
// as heading lines, and its text for the metadata.
type walker struct {
	lines []line
	title string
	body  strings.Builder // all text, one block per line
	block []byte          // the paragraph being read; reused
	grids int
	ids   int
}

var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Center: true, atom.Font: false,
}

func (w *walker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.block = append(w.block, n.Data...)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Head:
			if n.DataAtom == atom.Head {
				w.head(n)
			}
			return
		case atom.Title:
			w.title = squash(textOf(n))
			return
		case atom.Table:
			if !hasTable(n) {
				w.flush()
				if w.table(n) {
					return
				}
			}
		}
	}
	brk := n.Type == html.ElementNode && blocks[n.DataAtom]
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
func (w *walker) head(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Title {
			w.title = squash(textOf(c))
		}
	}
}

// flush ends the current paragraph: into the body text, and into the lines
// when short enough to be a heading.
func (w *walker) flush() {
	raw := w.block
	w.block = w.block[:0]
	if len(raw) > 8*maxHeading { // narrative: only its opening matters (metadata)
		if w.body.Len() < 2*metaSpan {
			for _, c := range raw {
				if c == '\n' {
					c = ' '
				}
				w.body.WriteByte(c)
			}
			w.body.WriteByte('\n')
		}
		return
	}
	t := squash(string(raw))
	if t == "" {
		return
	}
	w.body.WriteString(t)
	w.body.WriteByte('\n')
	if n := utf8.RuneCountInString(t); n <= maxHeading {
		w.ids++
		w.lines = append(w.lines, line{pieces: []piece{mkPiece(t, 0, 1, w.ids)}, grid: -1})
	}
}

// maxCell is the longest cell text of a data table; a table with a longer
// cell lays a page out (old CMS put the whole article in one cell) and is
// read as paragraphs.
const maxCell = 200

// table expands one data table into lines, one per grid row. It reports
// false, adding nothing, for a layout table.
func (w *walker) table(n *html.Node) bool {
	var rows [][]*html.Node
	collectRows(n, &rows)
	g := expand(rows, &w.ids)
	if layout(g) {
		return false
	}
	for r, cells := range g {
		l := line{row: r, grid: w.grids, pieces: make([]piece, 0, len(cells))}
		for c, gc := range cells {
			l.pieces = append(l.pieces, piece{raw: gc.raw, key: gc.key, pos: c, end: c + 1, id: gc.id, val: gc.val})
			if w.body.Len() < 2*metaSpan && (r == 0 || c >= len(g[r-1]) || gc.id != g[r-1][c].id) {
				w.body.WriteString(gc.raw) // a title or date may sit in a table
				w.body.WriteByte('\t')
			}
		}
		if w.body.Len() < 2*metaSpan {
			w.body.WriteByte('\n')
		}
		if len(l.pieces) > 0 {
			w.lines = append(w.lines, l)
		}
	}
	w.grids++
	return true
}

// layout reports whether a grid holds a cell too long for a data table.
func layout(g [][]gcell) bool {
	for _, row := range g {
		for _, c := range row {
			if len(c.raw) > 3*maxCell && utf8.RuneCountInString(c.raw) > maxCell {
				return true
			}
		}
	}
	return false
}

func hasTable(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Table || hasTable(c)) {
			return true
		}
	}
	return false
}

// collectRows gathers the <tr> elements of a table (through thead, tbody
// and tfoot) with their cells.
func collectRows(n *html.Node, rows *[][]*html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Tr {
			var cells []*html.Node
			for d := c.FirstChild; d != nil; d = d.NextSibling {
				if d.Type == html.ElementNode && (d.DataAtom == atom.Td || d.DataAtom == atom.Th) {
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
func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			b.WriteByte('\n')
		}
	}
	rec(n)
	return b.String()
}

// span reads a colspan or rowspan attribute: at least 1, at most limit.
func span(n *html.Node, name string, limit int) int {
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
