package registry

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// OverrideColumns is the header of an overrides file.
const OverrideColumns = "code\tportal\tcolumn\tchecked\tnote"

// Override is one line of a local overrides file: a correction that wins
// over the shipped hints for one division.
type Override struct {
	Line    int
	Code    string
	Portal  string // a URL, "-" for "no portal", empty to keep the hint's
	Column  string // a URL, "-" for "no column", empty to keep the hint's
	Checked string // YYYY-MM-DD a person checked it; empty: still a hint
	Note    string
}

var codeRE = regexp.MustCompile(`^\d{6}$`)

// ParseOverrides reads an overrides file: tab-separated, a header line
// (OverrideColumns), then one line per correction; lines starting with #
// and blank lines are comments. name is used in errors, which name the
// line and column at fault.
func ParseOverrides(name string, data []byte) ([]Override, error) {
	var out []Override
	header := false
	seen := map[string]int{}
	for i, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		n := i + 1
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			if strings.TrimRight(line, "\t ") != OverrideColumns {
				return nil, fmt.Errorf("read overrides %s:%d: header %q, want %q", name, n, line, OverrideColumns)
			}
			header = true
			continue
		}
		o, err := parseOverride(line, n)
		if err != nil {
			return nil, fmt.Errorf("read overrides %s:%d: %w", name, n, err)
		}
		if prev, dup := seen[o.Code]; dup {
			return nil, fmt.Errorf("read overrides %s:%d: code %s is already overridden on line %d", name, n, o.Code, prev)
		}
		seen[o.Code] = n
		out = append(out, o)
	}
	return out, nil
}

func parseOverride(line string, n int) (Override, error) {
	c := strings.Split(line, "\t")
	if len(c) > 5 {
		return Override{}, fmt.Errorf("%d columns, want at most 5 (%s)", len(c), strings.ReplaceAll(OverrideColumns, "\t", ", "))
	}
	for len(c) < 5 {
		c = append(c, "")
	}
	for j := range c {
		c[j] = strings.TrimSpace(c[j])
	}
	o := Override{Line: n, Code: c[0], Portal: c[1], Column: c[2], Checked: c[3], Note: c[4]}
	if !codeRE.MatchString(o.Code) {
		return o, fmt.Errorf("code %q is not a six-digit division code", o.Code)
	}
	for col, u := range map[string]string{"portal": o.Portal, "column": o.Column} {
		if u == "" || u == "-" {
			continue
		}
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return o, fmt.Errorf("%s %q is not an http(s) URL (or - for none)", col, u)
		}
	}
	if o.Checked != "" {
		if _, err := time.Parse(time.DateOnly, o.Checked); err != nil {
			return o, fmt.Errorf("checked %q is not a date (YYYY-MM-DD)", o.Checked)
		}
	}
	return o, nil
}

// Apply puts overrides over the hints. An override settles an ambiguous
// hint; one that names a check date marks the entry verified. name is the
// overrides file's name, for provenance and errors.
func (r *Registry) Apply(name string, list []Override) error {
	for _, o := range list {
		e, ok := r.entries[o.Code]
		if !ok {
			return fmt.Errorf("apply overrides %s:%d: code %s is not in the division list", name, o.Line, o.Code)
		}
		switch o.Portal {
		case "-":
			e.Portal, e.Column = "", ""
		case "":
		default:
			e.Portal = o.Portal
		}
		switch o.Column {
		case "-":
			e.Column = ""
		case "":
		default:
			e.Column = o.Column
		}
		e.Problem = ""
		if e.Portal == "" {
			e.Problem = "no portal (overrides " + name + fmt.Sprintf(":%d)", o.Line)
		}
		e.Verified = o.Checked
		e.From = append(e.From, Provenance{File: name, Row: o.Line})
		if o.Note != "" {
			e.Notes = append(e.Notes, o.Note)
		}
	}
	return nil
}

// loadCorrections applies the shipped corrections file.
func (r *Registry) loadCorrections() error {
	const name = "corrections.tsv"
	b, err := hintFiles.ReadFile("hints/" + name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	list, err := ParseOverrides(name, b)
	if err != nil {
		return err
	}
	return r.Apply(name, list)
}
