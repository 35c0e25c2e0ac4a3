package ocr

import "testing"

func TestParseTSV(t *testing.T) {
	tsv := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t91.5\t217\n" +
		"5\t2\t1\t1\t1\t1\t0\t0\t10\t10\t88\t申请人\n" +
		"5\t2\t1\t1\t2\t1\t0\t0\t10\t10\t70\t情况\n"
	out := make([]reading, 3)
	for i := range out {
		out[i].conf = -1
	}
	parseTSV(tsv, out)
	if out[0] != (reading{"217", 91.5}) || out[1] != (reading{"申请人\n情况", 70}) || out[2].conf != -1 {
		t.Errorf("got %+v", out)
	}
}

// TestJudge: a number is kept only when both readings agree and the digit
// reading is confident; a dash stays text; a label stays a label.
func TestJudge(t *testing.T) {
	r := NewReader(nil, 0)
	cases := []struct {
		label, digits string
		conf          float64
		kind          Kind
		text          string
	}{
		{"217", "217", 95, Number, "217"},
		{"2l7", "217", 95, Number, "217"}, // l read for 1 by the Chinese model
		{"了", "2", 90, Number, "2"},       // a lone 2 read as 了
		{"217", "211", 95, Unsure, "211"}, // the readings disagree
		{"217", "217", 40, Unsure, "217"}, // not confident
		{"", "", -1, Unsure, ""},          // ink, nothing read
		{"/", "1", 90, Text, "/"},         // a dash is never a 1
		{"无", "7", 90, Unsure, "7"},       // one character and a confident digit: not trusted either way
		{"申请人情况", "", -1, Text, "申请人情况"},
		{"第二十条第〈一)项", "", -1, Text, "第二十条第（一)项"},
		{"251000元", "2510007", 90, Number, "251000元"},
	}
	for _, c := range cases {
		cell := Cell{}
		r.judge(&cell, reading{c.label, 90}, reading{c.digits, c.conf})
		if cell.Kind != c.kind || cell.Text != c.text {
			t.Errorf("judge(%q, %q %.0f) = %s %q, want %s %q", c.label, c.digits, c.conf, cell.Kind, cell.Text, c.kind, c.text)
		}
	}
}
