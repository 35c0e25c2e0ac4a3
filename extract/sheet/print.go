package sheet

import (
	"fmt"
	"strings"

	"github.com/touming/touming"
)

// classMarks abbreviate a cell's value class in Text.
var classMarks = map[touming.CellClass]string{
	touming.ClassNumber: "n", touming.ClassZero: "0", touming.ClassBlank: "b",
	touming.ClassDash: "-", touming.ClassText: "t",
}

// Text prints the Doc for people and for reader goldens: the title, then
// one line per Line (kind, grid and row, page) with its cells as
// "col-end class raw", a cell continuing the one before it (same ID, a
// span) marked "=". The body is left out: it is the same text again.
func (d Doc) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", d.Title)
	if d.Published != "" {
		fmt.Fprintf(&b, "published: %s (%s)\n", d.Published, d.PublishedFrom)
	}
	for _, a := range d.Attachments {
		fmt.Fprintf(&b, "attachment: %s\n", a)
	}
	for _, l := range d.Lines {
		switch l.Kind {
		case KindGrid:
			fmt.Fprintf(&b, "grid %d.%d", l.Grid, l.Row)
		default:
			fmt.Fprintf(&b, "%s %d", l.Kind, l.Row)
		}
		if l.Page > 0 {
			fmt.Fprintf(&b, " p%d", l.Page)
		}
		b.WriteByte(':')
		for i, c := range l.Cells {
			if i > 0 && c.ID == l.Cells[i-1].ID {
				b.WriteString(" | =")
				continue
			}
			fmt.Fprintf(&b, " | %d-%d %s %s", c.Col, c.End, classMarks[c.Value.Class], c.Raw)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Grids prints each table of the Doc (its KindGrid lines by Grid index):
// rows on lines, a row's positions joined by |.
func (d Doc) Grids() []string {
	var out []string
	for _, l := range d.Lines {
		if l.Kind != KindGrid {
			continue
		}
		for len(out) <= l.Grid {
			out = append(out, "")
		}
		cells := make([]string, len(l.Cells))
		for i, c := range l.Cells {
			cells[i] = c.Raw
		}
		if out[l.Grid] != "" {
			out[l.Grid] += "\n"
		}
		out[l.Grid] += strings.Join(cells, "|")
	}
	return out
}
