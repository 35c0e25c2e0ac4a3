package ocr

import "github.com/touming/touming/extract/sheet"

// Doc makes the sheet.Doc of the tables read from one document's
// pictures, in order, those cut in two joined (Join): a grid line per row,
// merged cells spanning as in every other reader's grids, an Unsure cell
// blank. title and body are the page's own (the metadata is read there,
// not from the pictures).
func Doc(tables []*Table, title, body string) sheet.Doc {
	var b sheet.Builder
	for _, t := range tables {
		b.Grid(t.positions())
	}
	d := b.Doc(title)
	d.Body = body + "\n" + d.Body
	return d
}

// positions lays the table out for sheet.Builder: each cell's text in
// every place it covers, under one id.
func (t *Table) positions() [][]sheet.Pos {
	g := make([][]sheet.Pos, t.Rows)
	for r := range g {
		g[r] = make([]sheet.Pos, t.Cols)
	}
	for i, c := range t.Cells {
		text := c.Text
		if c.Kind == Unsure {
			text = "" // null: the form must find no number here
		}
		for r := c.Row; r < c.Row+c.RowSpan && r < t.Rows; r++ {
			for k := c.Col; k < c.Col+c.ColSpan && k < t.Cols; k++ {
				g[r][k] = sheet.Pos{Text: text, ID: i + 1}
			}
		}
	}
	return g
}
