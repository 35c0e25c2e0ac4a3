package ocr

import (
	"context"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tesseract's options for the two readings of a cell: Chinese as a block
// of text (labels wrap over lines), and digits as a single line.
var (
	labelOpts = []string{"-l", "chi_sim", "--psm", "6"}
	lineOpts  = []string{"-l", "chi_sim", "--psm", "7"}
	digitOpts = []string{"-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.-"}
)

// numberRe is a number as printed: a change from last year (本年增/减) may
// be negative.
var numberRe = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// readCells reads every cell: all that hold ink as Chinese first; those
// that read as no label again as digits.
func (r *Reader) readCells(ctx context.Context, p *page, spans []span) ([]Cell, error) {
	cells := make([]Cell, len(spans))
	var crops [][]byte
	var idx []int
	for i, s := range spans {
		cells[i] = Cell{Row: s.r0, Col: s.c0, RowSpan: s.r1 - s.r0, ColSpan: s.c1 - s.c0, Kind: Blank, Conf: -1}
		box := p.inkBox(s)
		if box.Empty() {
			continue
		}
		cells[i].Box, cells[i].Crop = box, p.snapshot(s.box)
		crops = append(crops, p.render(box, s.box))
		idx = append(idx, i)
	}
	labels, err := r.t.read(ctx, crops, labelOpts...)
	if err != nil {
		return nil, err
	}
	digits, err := r.t.read(ctx, crops, digitOpts...)
	if err != nil {
		return nil, err
	}
	if err := r.reread(ctx, crops, labels, digits); err != nil {
		return nil, err
	}
	for k, i := range idx {
		r.judge(&cells[i], labels[k], digits[k])
	}
	return cells, nil
}

// reread reads again, as one line of Chinese, the cells where the block
// reading found nothing but the digit reading a number: Tesseract's block
// mode drops a lone thin digit (1) that its line mode reads, and a number
// needs both readings to be kept.
func (r *Reader) reread(ctx context.Context, crops [][]byte, labels, digits []reading) error {
	var again [][]byte
	var at []int
	for k := range crops {
		if labels[k].text == "" && numberRe.MatchString(strings.ReplaceAll(digits[k].text, " ", "")) {
			again = append(again, crops[k])
			at = append(at, k)
		}
	}
	lines, err := r.t.read(ctx, again, lineOpts...)
	if err != nil {
		return err
	}
	for i, k := range at {
		labels[k] = lines[i]
	}
	return nil
}

// judge decides a cell from its two readings. It is a label (or a dash,
// 无) when the Chinese reading says so; a Number when the digit reading is
// a number, confident, and the same as the Chinese reading's digits; else
// Unsure (null), keeping what was read for a person to check. Chinese
// reads a lone digit as a character now and then (2 as 了): a short
// reading is no label when the digit reading is a confident number.
func (r *Reader) judge(c *Cell, label, d reading) {
	text := joinHan(label.text)
	digits := strings.ReplaceAll(d.text, " ", "")
	number := numberRe.MatchString(digits) && d.conf >= 50
	short := utf8.RuneCountInString(text) <= utf8.RuneCountInString(digits)+1 && hanCount(text) <= 1
	switch {
	case isDash(text) && !strings.ContainsAny(text, "0123456789"):
		c.Text, c.Conf, c.Kind = text, label.conf, Text
	case number && withUnit(text, digits):
		c.Text, c.Conf, c.Kind = foldDigits(text), min(label.conf, d.conf), Number
	case hasHan(text) && !(number && short):
		c.Text, c.Conf, c.Kind = foldLabel(text), label.conf, Text
	case number && foldDigits(text) == digits && d.conf >= r.minConf:
		c.Text, c.Conf, c.Kind = digits, d.conf, Number
	default:
		if digits == "" {
			digits = text
		}
		c.Text, c.Conf, c.Kind = digits, min(max(label.conf, 0), max(d.conf, 0)), Unsure
	}
}

// unitRe is a number printed with its unit (251000元, 3件): the digit
// reading then reads the unit as digits too.
var unitRe = regexp.MustCompile(`^([0-9OoIl.,]+)(元|万元|件|个|条|项|次|宗)$`)

// withUnit reports whether the Chinese reading is a number and a unit whose
// number the digit reading begins with: both read the same digits.
func withUnit(text, digits string) bool {
	m := unitRe.FindStringSubmatch(strings.ReplaceAll(text, " ", ""))
	return m != nil && numberRe.MatchString(foldDigits(m[1])) && strings.HasPrefix(digits, foldDigits(m[1]))
}

// labelFold maps what Tesseract's Chinese model confuses in the form's
// labels onto what the form prints: brackets, 己/已, 曰/日.
var labelFold = strings.NewReplacer("〈", "（", "〉", "）", "《", "（", "》", "）", "{", "（", "}", "）", "己", "已", "曰", "日")

func foldLabel(s string) string { return labelFold.Replace(s) }

// foldDigits maps the letters Tesseract's Chinese model confuses with
// digits onto them and drops spaces and thousands separators.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'O', 'o', '〇', 'D', 'Q':
			return '0'
		case 'l', 'I', '|', 'i', '!':
			return '1'
		case ' ', '\n', ',', '，':
			return -1
		case '。', '·':
			return '.'
		case '了':
			return '2'
		case '－', '—', '–', '一':
			return '-'
		}
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// joinHan removes the spaces Tesseract puts between Chinese characters
// and joins a label's wrapped lines.
func joinHan(s string) string {
	var b strings.Builder
	rs := []rune(strings.ReplaceAll(s, "\n", " "))
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && (isHan(rs[i-1]) || isHan(rs[i+1]) || unicode.IsPunct(rs[i-1])) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if isHan(r) {
			n++
		}
	}
	return n
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// isDash reports whether s is one of the marks printed for "none": /, —,
// - and the like, which must not be read as digits.
func isDash(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "/／\\-—–―－_一~～") == ""
}
