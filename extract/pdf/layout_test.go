package pdf

import (
	"strings"
	"testing"
)

// glyphsOf prints s as glyphs of size em from (x, y), one em per rune, a
// space rune leaving a gap.
func glyphsOf(s string, x, y, em float64) []pdfGlyph {
	var gs []pdfGlyph
	for _, r := range s {
		if r != ' ' {
			gs = append(gs, pdfGlyph{r: r, left: x, right: x + em, bottom: y, top: y + em})
		}
		x += em
	}
	return gs
}

// A table printed without rules: a value starting under a header's third
// rune goes under its third column, cells stay at least two spaces apart,
// and a gap of two font heights is two blank lines.
func TestLayoutAlignsColumns(t *testing.T) {
	var gs []pdfGlyph
	gs = append(gs, glyphsOf("信息内容", 50, 700, 10)...)
	gs = append(gs, glyphsOf("本年制发件数", 150, 700, 10)...)
	gs = append(gs, glyphsOf("规章", 50, 670, 10)...)
	gs = append(gs, glyphsOf("13", 175, 670, 10)...)
	gs = append(gs, glyphsOf("行政规范性文件", 50, 655, 10)...)
	gs = append(gs, glyphsOf("8", 180, 655, 10)...)
	got := pdfLayoutPage(pdfPage{glyphs: gs})
	want := []string{
		"信息内容     本年制发件数",
		"",
		"",
		"规章          13",
		"行政规范性文件      8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Fake bold (each glyph printed twice, shifted) reads once; a punctuation
// mark of a fallback font sitting lower stays on its line.
func TestLayoutDedupesAndKeepsRuns(t *testing.T) {
	gs := glyphsOf("总计", 50, 700, 10)
	gs = append(gs, glyphsOf("总计", 50.4, 700, 10)...)
	gs = append(gs, pdfGlyph{r: '，', left: 70, right: 80, bottom: 697, top: 709})
	gs = append(gs, glyphsOf("等于", 80, 700, 10)...)
	got := pdfLayoutPage(pdfPage{glyphs: gs})
	if len(got) != 1 || got[0] != "总计，等于" {
		t.Errorf("got %q", got)
	}
}

// Words keep their spaces: a space glyph, or a gap, between them.
func TestLayoutWordSpaces(t *testing.T) {
	gs := glyphsOf("2024", 50, 700, 5)
	gs = append(gs, glyphsOf("年", 72.5, 700, 10)...)
	gs = append(gs, pdfGlyph{r: '1', left: 82, right: 87, bottom: 700, top: 710, sp: true})
	got := pdfLayoutPage(pdfPage{glyphs: gs})
	if len(got) != 1 || got[0] != "2024 年 1" {
		t.Errorf("got %q", got)
	}
}

// Page coordinates are turned as the page is shown: on a page with
// /Rotate 90, text that runs up the page in PDF space reads left to right.
func TestRotation(t *testing.T) {
	box := pdfGlyph{left: 100, right: 110, bottom: 500, top: 510}
	cases := map[pdfRotation][4]float64{
		0: {100, 110, 500, 510},
		1: {500, 510, -110, -100},
		2: {-110, -100, -510, -500},
		3: {-510, -500, 100, 110},
	}
	for rot, want := range cases {
		g := rot.apply(box)
		if got := [4]float64{g.left, g.right, g.bottom, g.top}; got != want {
			t.Errorf("rotation %d: got %v, want %v", rot, got, want)
		}
	}
	// Up the page in PDF space is left to right once turned 90° clockwise.
	a, b := pdfRotation(1).apply(pdfGlyph{left: 100, right: 110, bottom: 500, top: 510}),
		pdfRotation(1).apply(pdfGlyph{left: 100, right: 110, bottom: 510, top: 520})
	if !(a.left < b.left && a.centerY() == b.centerY()) {
		t.Errorf("text up a /Rotate 90 page does not read across: %+v then %+v", a, b)
	}
}

// A reading lists the pages without text; with all of them blank it has
// no other reading.
func TestReadingBlankPages(t *testing.T) {
	text := pdfPage{glyphs: glyphsOf("某县2024年政府信息公开工作年度报告", 50, 700, 10)}
	r := reading([]pdfPage{text, {}})
	if r.Pages != 2 || len(r.Blank) != 1 || r.Blank[0] != 2 || len(r.Lines) == 0 {
		t.Errorf("reading %+v", r)
	}
	if r := reading([]pdfPage{{}, {}}); len(r.Blank) != 2 || r.Lines != nil {
		t.Errorf("blank reading %+v", r)
	}
}
