package touming

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed rules.tsv
var rulesTSV string

// Rule is one entry of the rule catalogue (rules.tsv): a check that
// touming runs on the reports, per report in extraction or over many
// reports in the warehouse.
type Rule struct {
	ID         string
	Scope      string // RuleScopeReport, RuleScopeAgencyYears or RuleScopeSameYear
	Severity   string // SeverityError, SeverityWarning or SeverityNotice
	Source     string // the form or article of the 条例 it rests on
	Message    string // the Chinese message template (see Render)
	Definition string
}

// Rule scopes and severities.
const (
	RuleScopeReport      = "report"       // one report
	RuleScopeAgencyYears = "agency_years" // the same agency in consecutive years
	RuleScopeSameYear    = "same_year"    // different agencies of the same year
	SeverityError        = "error"
	SeverityWarning      = "warning"
	SeverityNotice       = "notice"
)

var (
	rulesOnce sync.Once
	rules     []Rule
	rulesErr  error
)

// Rules returns the catalogue in its file's order. The file is embedded,
// so an error is a fault of the build, reported by the tests.
func Rules() ([]Rule, error) {
	rulesOnce.Do(func() { rules, rulesErr = parseRules(rulesTSV) })
	return append([]Rule(nil), rules...), rulesErr
}

// RuleByID returns the catalogue entry of id.
func RuleByID(id string) (Rule, bool) {
	rs, _ := Rules()
	for _, r := range rs {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

func parseRules(text string) ([]Rule, error) {
	var out []Rule
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "id\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("rules.tsv line %d: %d fields, want 6", i+1, len(f))
		}
		r := Rule{ID: f[0], Scope: f[1], Severity: f[2], Source: f[3], Message: f[4], Definition: f[5]}
		if err := r.valid(seen); err != nil {
			return nil, fmt.Errorf("rules.tsv line %d (%s): %w", i+1, r.ID, err)
		}
		seen[r.ID] = true
		out = append(out, r)
	}
	return out, nil
}

func (r Rule) valid(seen map[string]bool) error {
	switch {
	case r.ID == "" || seen[r.ID]:
		return fmt.Errorf("empty or repeated id")
	case r.Scope != RuleScopeReport && r.Scope != RuleScopeAgencyYears && r.Scope != RuleScopeSameYear:
		return fmt.Errorf("unknown scope %q", r.Scope)
	case r.Severity != SeverityError && r.Severity != SeverityWarning && r.Severity != SeverityNotice:
		return fmt.Errorf("unknown severity %q", r.Severity)
	case r.Message == "" || r.Definition == "":
		return fmt.Errorf("no message or definition")
	}
	return nil
}

// Render fills the rule's message template: each {name} is replaced by
// args[name], a name without an argument by nothing.
func (r Rule) Render(args map[string]string) string {
	var b strings.Builder
	s := r.Message
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(args[s[i+1:i+j]])
		s = s[i+j+1:]
	}
}
