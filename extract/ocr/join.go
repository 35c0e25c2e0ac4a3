package ocr

// Grid lays the table out as rows of text with merged cells repeated in
// every place they cover, an Unsure cell "": the texts the form saw.
func (t *Table) Grid() [][]string {
	ps := t.positions()
	g := make([][]string, len(ps))
	for r, row := range ps {
		g[r] = make([]string, len(row))
		for c, p := range row {
			g[r][c] = p.Text
		}
	}
	return g
}

// At returns the cell that covers row r, column c.
func (t *Table) At(r, c int) (Cell, bool) {
	for _, x := range t.Cells {
		if r >= x.Row && r < x.Row+x.RowSpan && c >= x.Col && c < x.Col+x.ColSpan {
			return x, true
		}
	}
	return Cell{}, false
}

// Join puts together the tables that continue one another: a picture of a
// long table cut in two (a screenshot per screen, a scan per page). The
// second part continues the first when it has the same columns, in the
// same proportions, and starts with a row of numbers rather than a header.
func Join(ts []*Table) []*Table {
	var out []*Table
	for _, t := range ts {
		if k := len(out) - 1; k >= 0 && continues(out[k], t) {
			out[k] = appendRows(out[k], t)
			continue
		}
		out = append(out, t)
	}
	return out
}

func continues(a, b *Table) bool {
	if a.Cols != b.Cols || len(a.colX) != len(b.colX) || len(a.colX) < 2 {
		return false
	}
	wa := float64(a.colX[len(a.colX)-1] - a.colX[0])
	wb := float64(b.colX[len(b.colX)-1] - b.colX[0])
	for i := range a.colX {
		fa := float64(a.colX[i]-a.colX[0]) / wa
		fb := float64(b.colX[i]-b.colX[0]) / wb
		if d := fa - fb; d > 0.02 || d < -0.02 {
			return false
		}
	}
	for _, c := range b.Cells {
		if c.Row == 0 && (c.Kind == Number || c.Kind == Unsure) {
			return true
		}
	}
	return false
}

// appendRows returns a with b's rows below its own; b's cells keep their
// own image and boxes.
func appendRows(a, b *Table) *Table {
	j := *a
	j.Cells = append(append([]Cell(nil), a.Cells...), b.Cells...)
	for i := len(a.Cells); i < len(j.Cells); i++ {
		j.Cells[i].Row += a.Rows
	}
	j.Rows = a.Rows + b.Rows
	return &j
}
