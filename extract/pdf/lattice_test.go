package pdf

import (
	"strings"
	"testing"
)

// gridRules draws a table's rules: horizontal rules at ys across [x0,x1],
// vertical ones at xs across [y0,y1], minus the stretches in gaps (a
// merged cell), each gap {horiz, at, from, to}.
func gridRules(xs, ys []float64, gaps []pdfRule) []pdfRule {
	var rules []pdfRule
	add := func(r pdfRule) {
		for _, g := range gaps {
			if g.horiz == r.horiz && g.at == r.at {
				if g.from > r.from {
					rules = append(rules, pdfRule{horiz: r.horiz, at: r.at, from: r.from, to: g.from})
				}
				if g.to < r.to {
					rules = append(rules, pdfRule{horiz: r.horiz, at: r.at, from: g.to, to: r.to})
				}
				return
			}
		}
		rules = append(rules, r)
	}
	for _, y := range ys {
		add(pdfRule{horiz: true, at: y, from: xs[0], to: xs[len(xs)-1]})
	}
	for _, x := range xs {
		add(pdfRule{at: x, from: ys[len(ys)-1], to: ys[0]})
	}
	return rules
}

// A 3×3 grid whose top row is one merged cell and whose first column
// merges its two lower rows: the merged cells repeat their text and id.
func TestLatticeMergedCells(t *testing.T) {
	xs, ys := []float64{50, 150, 250, 350}, []float64{700, 680, 660, 640}
	rules := gridRules(xs, ys, []pdfRule{
		{at: 150, from: 680, to: 700}, {at: 250, from: 680, to: 700}, // top row: one cell
		{horiz: true, at: 660, from: 50, to: 150}, // first column: rows 2-3 one cell
	})
	tables := pdfTables(rules)
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	tb := tables[0]
	var gs []pdfGlyph
	gs = append(gs, glyphsOf("第二十条", 60, 685, 10)...)
	gs = append(gs, glyphsOf("行政许可", 60, 655, 10)...) // straddles the missing rule
	gs = append(gs, glyphsOf("12", 160, 665, 5)...)
	gs = append(gs, glyphsOf("7", 260, 645, 5)...)
	for _, g := range gs {
		if !tb.take(g) {
			t.Fatalf("glyph %q outside the table", g.r)
		}
	}
	g := tb.expand()
	want := [][]string{
		{"第二十条", "第二十条", "第二十条"},
		{"行政许可", "12", ""},
		{"行政许可", "", "7"},
	}
	for r := range want {
		for c := range want[r] {
			if g[r][c].Text != want[r][c] {
				t.Errorf("cell %d,%d = %q, want %q", r, c, g[r][c].Text, want[r][c])
			}
		}
	}
	if g[0][0].ID != g[0][2].ID || g[1][0].ID != g[2][0].ID || g[1][1].ID == g[1][2].ID {
		t.Errorf("ids do not follow the merges: %v", g)
	}
}

// Rules that do not touch make separate tables; a lone box is no table.
func TestLatticeSeparateTables(t *testing.T) {
	a := gridRules([]float64{50, 150, 250}, []float64{700, 680, 660}, nil)
	b := gridRules([]float64{50, 150, 250}, []float64{500, 480, 460}, nil)
	box := gridRules([]float64{50, 250}, []float64{300, 200}, nil)
	tables := pdfTables(append(append(a, b...), box...))
	if len(tables) != 2 {
		t.Fatalf("%d tables, want 2", len(tables))
	}
	sortTables(tables)
	if tables[0].top() != 700 || tables[1].top() != 500 {
		t.Errorf("tops %v %v", tables[0].top(), tables[1].top())
	}
}

// A table cut by a page break continues on the next page without a rule
// above its first row: the implied top edge keeps that row, and the two
// parts join into one table.
func TestLatticeJoinsAcrossPages(t *testing.T) {
	xs := []float64{50, 150, 250}
	p1 := gridRules(xs, []float64{700, 680, 100}, nil)
	p2 := gridRules(xs, []float64{800, 780, 760}, nil)
	p2 = p2[1:] // no rule above the continued rows
	var g1, g2 []pdfGlyph
	g1 = append(g1, glyphsOf("规章", 60, 685, 10)...)
	g1 = append(g1, glyphsOf("1", 160, 685, 5)...)
	g2 = append(g2, glyphsOf("行政强制", 60, 785, 10)...)
	g2 = append(g2, glyphsOf("2", 160, 785, 5)...)
	g2 = append(g2, glyphsOf("行政处罚", 60, 765, 10)...)
	g2 = append(g2, glyphsOf("3", 160, 765, 5)...)
	g2 = append(g2, glyphsOf("-2-", 140, 40, 10)...) // a page number
	d, ok := pdfLattice([]pdfPage{{glyphs: g1, rules: p1}, {glyphs: g2, rules: p2}})
	if !ok || len(d.Grids()) != 1 {
		t.Fatalf("ok %v, %d grids, want one joined table", ok, len(d.Grids()))
	}
	want := "规章|1\n|\n行政强制|2\n行政处罚|3"
	if got := d.Grids()[0]; got != want {
		t.Errorf("joined table:\n%s\nwant\n%s", got, want)
	}
}

// Running text around the tables comes back as paragraphs: wrapped lines
// joined, so that a wrapped line is never taken for a heading or title.
func TestLatticeParagraphs(t *testing.T) {
	var gs []pdfGlyph
	gs = append(gs, glyphsOf("一、总体情况", 50, 760, 10)...)
	gs = append(gs, glyphsOf("本报告根据条例编制本报告根据条例编制", 50, 740, 10)...)
	gs = append(gs, glyphsOf("年度报告格式的通知", 50, 725, 10)...)
	rules := gridRules([]float64{50, 150, 250}, []float64{700, 680, 660}, nil)
	d, _ := pdfLattice([]pdfPage{{glyphs: gs, rules: rules}})
	want := "一、总体情况\n本报告根据条例编制本报告根据条例编制年度报告格式的通知\n"
	if body := d.Body; !strings.HasPrefix(body, want) {
		t.Errorf("body %q, want it to start %q", body, want)
	}
}

// A double outer border (two rules 2.5 pt apart) is one grid line: no
// empty row or column appears at the table's edges.
func TestLatticeDoubleBorder(t *testing.T) {
	xs, ys := []float64{50, 150, 250}, []float64{700, 680, 660}
	rules := gridRules(xs, ys, nil)
	rules = append(rules, gridRules([]float64{47.5, 252.5}, []float64{702.5, 657.5}, nil)...)
	tables := pdfTables(rules)
	if len(tables) != 1 {
		t.Fatalf("%d tables", len(tables))
	}
	if len(tables[0].xs) != 3 || len(tables[0].ys) != 3 {
		t.Errorf("grid lines x %v y %v, want 3 and 3", tables[0].xs, tables[0].ys)
	}
	for r, row := range tables[0].cells {
		for c, root := range row {
			if root != r*2+c {
				t.Errorf("cell %d,%d merged into %d", r, c, root)
			}
		}
	}
}

// A table running over three pages joins into one.
func TestLatticeJoinsThreePages(t *testing.T) {
	xs := []float64{50, 150, 250}
	var pages []pdfPage
	for i, label := range []string{"规章", "行政许可", "行政处罚"} {
		rules := gridRules(xs, []float64{800, 780, 760}, nil)
		gs := append(glyphsOf(label, 60, 785, 10), glyphsOf(string(rune('1'+i)), 160, 785, 5)...)
		pages = append(pages, pdfPage{glyphs: gs, rules: rules})
	}
	d, _ := pdfLattice(pages)
	if len(d.Grids()) != 1 {
		t.Fatalf("%d grids, want one table over three pages", len(d.Grids()))
	}
	want := "规章|1\n|\n行政许可|2\n|\n行政处罚|3\n|"
	if got := d.Grids()[0]; got != want {
		t.Errorf("joined table:\n%s\nwant\n%s", got, want)
	}
}
