package sheet

import (
	"strings"
	"unicode/utf8"
)

// MaxHeading is the longest paragraph kept between tables as a line: table
// titles and headings (第二十条第（一）项, 三、收到和处理…) are short,
// narrative is long and must not be mistaken for an anchor.
const MaxHeading = 60

// Pos is one position of an expanded table grid: the text of the cell that
// covers it and that cell's id within the table (1, 2, …; the same for
// every position a spanning cell covers), or 0 for a hole in a ragged row.
type Pos struct {
	Text string
	ID   int
}

// Builder turns a document's paragraphs and tables, handed over in reading
// order, into a Doc. Every structured reader (HTML, DOCX, ruled PDF) feeds
// one, so that they make the same lines of the same things.
type Builder struct {
	// BodyLimit, when above 0, stops adding table and narrative text to
	// the body once it is that long: the metadata is looked for near the
	// top, and a long page's tables need not be copied twice.
	BodyLimit int
	// MaxCell, when above 0, is the longest cell (in runes) of a data
	// table: a table with a longer one lays a page out (old CMS put the
	// whole article in one cell) and Grid refuses it.
	MaxCell int
	lines   []Line
	body    strings.Builder
	ids     int // the last id given: ids are unique in the document
	grids   int
	cache   []Cell // per table: each cell read once, however many positions it spans
}

// Grow reserves room for a body of n bytes.
func (b *Builder) Grow(n int) { b.body.Grow(n) }

// Para adds a paragraph: to the body, and as a heading line when short.
func (b *Builder) Para(s string) {
	t := Squash(s)
	if t == "" {
		return
	}
	b.body.WriteString(t)
	b.body.WriteByte('\n')
	if utf8.RuneCountInString(t) <= MaxHeading {
		b.ids++
		b.lines = append(b.lines, Line{Cells: []Cell{NewCell(t, 0, 1, b.ids)}, Grid: -1, Kind: KindHeading})
	}
}

// Narrative adds long running text to the body only (within BodyLimit),
// its line breaks made spaces: only its opening matters, for the metadata.
func (b *Builder) Narrative(raw []byte) {
	if b.full() {
		return
	}
	for _, c := range raw {
		if c == '\n' {
			c = ' '
		}
		b.body.WriteByte(c)
	}
	b.body.WriteByte('\n')
}

func (b *Builder) full() bool { return b.BodyLimit > 0 && b.body.Len() >= b.BodyLimit }

// Grid adds an expanded table as one line per row, and its text to the
// body (a title or date may sit in a table), each cell once. It adds
// nothing and reports false for a layout table (see MaxCell).
func (b *Builder) Grid(g [][]Pos) bool {
	rows := b.cells(g)
	if rows == nil && len(g) > 0 {
		return false
	}
	for r, cells := range rows {
		for c, cell := range cells {
			if !b.full() && (r == 0 || c >= len(rows[r-1]) || cell.ID != rows[r-1][c].ID) {
				b.body.WriteString(cell.Raw)
				b.body.WriteByte('\t')
			}
		}
		if !b.full() {
			b.body.WriteByte('\n')
		}
		if len(cells) > 0 {
			b.lines = append(b.lines, Line{Cells: cells, Row: r, Grid: b.grids, Kind: KindGrid})
		}
	}
	b.grids++
	return true
}

// cells reads the grid's positions as cells with document-wide ids; nil
// for a layout table.
func (b *Builder) cells(g [][]Pos) [][]Cell {
	base, top := b.ids, 0
	b.cache = b.cache[:0]
	n := 0
	for _, row := range g {
		n += len(row)
	}
	all := make([]Cell, 0, n)
	out := make([][]Cell, len(g))
	for r, row := range g {
		start := len(all)
		for c, p := range row {
			cell, ok := b.cellAt(p, c, base)
			if !ok {
				b.ids = base
				return nil
			}
			top = max(top, p.ID)
			all = append(all, cell)
		}
		out[r] = all[start:len(all):len(all)]
	}
	b.ids = base + top
	for r, row := range out { // holes: a blank of their own, never merged with a neighbour
		for c := range row {
			if g[r][c].ID == 0 {
				b.ids++
				row[c].ID = b.ids
			}
		}
	}
	return out
}

// cellAt reads position p at column c, once per table cell.
func (b *Builder) cellAt(p Pos, c, base int) (Cell, bool) {
	if p.ID <= 0 {
		return readCell(p.Text, c, 0), true
	}
	for len(b.cache) <= p.ID {
		b.cache = append(b.cache, Cell{ID: -1})
	}
	cell := b.cache[p.ID]
	if cell.ID < 0 {
		cell = readCell(p.Text, c, base+p.ID)
		if b.MaxCell > 0 && len(cell.Raw) > 3*b.MaxCell && utf8.RuneCountInString(cell.Raw) > b.MaxCell {
			return Cell{}, false
		}
		b.cache[p.ID] = cell
	}
	cell.Col, cell.End = c, c+1
	return cell, true
}

// Doc returns what was built, titled title.
func (b *Builder) Doc(title string) Doc {
	return Doc{Title: title, Body: b.body.String(), Lines: b.lines}
}

// BodyText returns the body built so far (for choosing the title).
func (b *Builder) BodyText() string { return b.body.String() }

func trimSpace(s string) string { return strings.TrimFunc(s, IsSpace) }
