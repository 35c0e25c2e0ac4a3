package touming

import (
	"strings"
	"testing"
	"unicode"
)

func TestRulesCatalogue(t *testing.T) {
	rs, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "completeness", "timeliness", "copying", "copying_peers", "yoy_jump"} {
		r, ok := RuleByID(id)
		if !ok {
			t.Errorf("rule %s not in the catalogue", id)
			continue
		}
		if !strings.ContainsFunc(r.Message, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
			t.Errorf("rule %s: message %q is not Chinese", id, r.Message)
		}
	}
	if len(rs) != 13 {
		t.Errorf("%d rules, want 13", len(rs))
	}
}

func TestRuleRender(t *testing.T) {
	r := Rule{Message: "{subject}：{expected} ≠ {actual}{detail}"}
	got := r.Render(map[string]string{"subject": "自然人", "expected": "3", "actual": "4"})
	if got != "自然人：3 ≠ 4" {
		t.Errorf("Render = %q", got)
	}
}

func TestParseRulesRefusesBadLines(t *testing.T) {
	for _, text := range []string{
		"C1\treport\terror\tsrc\tmsg",
		"C1\tcounty\terror\tsrc\tmsg\tdef",
		"C1\treport\tfatal\tsrc\tmsg\tdef",
		"C1\treport\terror\tsrc\tmsg\tdef\nC1\treport\terror\tsrc\tmsg\tdef",
	} {
		if _, err := parseRules(text); err == nil {
			t.Errorf("parseRules(%q) accepted", text)
		}
	}
}
