package sheet

import (
	"strings"
	"unicode/utf8"
)

// Pipe cells are a text form that copy services and some portals' text
// versions print: each table cell on its own line, ending in " |" or
// followed by a line holding only "|"; empty cells and colspan remainders
// as lines made only of pipes; no row delimiter, so a row ends where the
// next row's label begins. Blanks appear either in place (a pipe line
// between two values) or appended after the row's filled cells; in the
// second case only the order of the filled cells is known, so they are
// kept in order and the blanks dropped: the form places a row whose count
// fits its columns and leaves the others null.

// pipeCells rewrites pipe-cell lines as |-separated rows, one per table
// row; ok is false when lines are not in that form.
func pipeCells(lines []string) (out []string, ok bool) {
	if !isPipeCells(lines) {
		return nil, false
	}
	rows := pipeRows(lines)
	inPlace := false
	for _, r := range rows {
		inPlace = inPlace || r.blankBetween()
	}
	for _, r := range rows {
		out = append(out, r.text(inPlace))
	}
	return out, true
}

// isPipeCells tells the form: many lines are only pipes or one cell ending
// in a pipe, and some are only pipes.
func isPipeCells(lines []string) bool {
	n, only, ends := 0, 0, 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n++
		switch {
		case pipeOnly(t):
			only++
		case strings.Count(t, "|") == 1 && strings.HasSuffix(t, "|"):
			ends++
		}
	}
	return (only >= 3 || ends >= 10) && 3*(only+ends) >= n
}

// pipeOnly reports whether t (trimmed, not empty) holds only pipes and spaces.
func pipeOnly(t string) bool {
	return strings.Trim(t, "| \t") == ""
}

// pipeRow is one table row being gathered, or one plain line (plain).
type pipeRow struct {
	cells []string
	plain bool
}

// pipeRows gathers the cells into rows: a new row starts where a label
// follows a value; a line without a pipe that no pipe line follows is
// plain text (a heading, narrative) and ends the row.
func pipeRows(lines []string) []pipeRow {
	var rows []pipeRow
	var cur pipeRow
	hasVal, pending := false, false
	flush := func() {
		if len(cur.cells) > 0 {
			rows = append(rows, cur)
		}
		cur, hasVal = pipeRow{}, false
	}
	for i, l := range lines {
		t := strings.TrimSpace(strings.ReplaceAll(l, "｜", "|"))
		switch {
		case t == "":
		case pipeOnly(t):
			k := strings.Count(t, "|")
			if pending {
				k, pending = k-1, false
			}
			for range k {
				cur.cells = append(cur.cells, "")
			}
		case !strings.Contains(t, "|") && !nextPipeOnly(lines, i):
			flush()
			rows = append(rows, pipeRow{cells: []string{l}, plain: true})
			pending = false
		default:
			c := strings.TrimSpace(strings.TrimSuffix(t, "|"))
			pending = !strings.HasSuffix(t, "|")
			if !IsValue(c) && hasVal {
				flush()
			}
			cur.cells = append(cur.cells, c)
			hasVal = hasVal || IsValue(c)
		}
	}
	flush()
	return rows
}

// nextPipeOnly reports whether the next non-blank line after i is pipes only.
func nextPipeOnly(lines []string, i int) bool {
	for _, l := range lines[i+1:] {
		if t := strings.TrimSpace(l); t != "" {
			return pipeOnly(t)
		}
	}
	return false
}

// blankBetween reports whether a blank cell stands between two values: the
// document prints its blanks in place.
func (r pipeRow) blankBetween() bool {
	seenVal, blank := false, false
	for _, c := range r.cells {
		switch {
		case c == "":
			blank = blank || seenVal
		case IsValue(c):
			if blank {
				return true
			}
			seenVal = true
		}
	}
	return false
}

// text prints the row as |-separated fields. Blanks before the first value
// (colspan remainders of a label) are dropped; later ones are kept when the
// document prints blanks in place, else dropped (appended blanks say
// nothing about which column was blank). A row of one label is printed
// as it is, like a heading.
func (r pipeRow) text(inPlace bool) string {
	if r.plain {
		return r.cells[0]
	}
	var out []string
	seenVal := false
	for _, c := range r.cells {
		switch {
		case c == "" && (!seenVal || !inPlace):
		default:
			seenVal = seenVal || IsValue(c)
			out = append(out, c)
		}
	}
	if len(out) == 1 && utf8.RuneCountInString(out[0]) <= MaxHeading {
		return out[0]
	}
	return "|" + strings.Join(out, "|")
}
