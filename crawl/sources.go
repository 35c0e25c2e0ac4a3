package crawl

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/touming/touming"
)

// sourceFile is the YAML layout of a sources file.
type sourceFile struct {
	Sources []sourceEntry `yaml:"sources"`
}

type sourceEntry struct {
	ID     string   `yaml:"id"`
	Name   string   `yaml:"name"`
	Region string   `yaml:"region"`
	Start  []string `yaml:"start"`
	Allow  []string `yaml:"allow"`
	Deny   []string `yaml:"deny"`
	Title  string   `yaml:"title"`
	// TitlePattern is another name for Title, as the field is called in
	// touming.Source.
	TitlePattern string `yaml:"title_pattern"`
}

// ParseSources reads a sources file. name is the file's name, used in
// errors, which also give the line of the entry at fault.
func ParseSources(name string, data []byte) ([]touming.Source, error) {
	var f sourceFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("read sources %s: %s", name, yaml.FormatError(err, false, true))
	}
	if len(f.Sources) == 0 {
		return nil, fmt.Errorf("read sources %s: no sources (want a top-level \"sources:\" list)", name)
	}
	lines := entryLines(data)
	seen := map[string]int{}
	out := make([]touming.Source, 0, len(f.Sources))
	for i, e := range f.Sources {
		if e.Title == "" {
			e.Title = e.TitlePattern
		}
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		if err := e.check(seen, line); err != nil {
			return nil, fmt.Errorf("read sources %s:%d: source %d: %w", name, line, i+1, err)
		}
		seen[e.ID] = line
		out = append(out, touming.Source{ID: e.ID, Name: e.Name, Region: e.Region, Start: e.Start,
			Allow: e.Allow, Deny: e.Deny, TitlePattern: e.Title})
	}
	return out, nil
}

// check validates one entry; line is where it starts, for duplicates.
func (e sourceEntry) check(seen map[string]int, line int) error {
	switch {
	case e.ID == "":
		return errors.New("id is required")
	case e.Name == "":
		return fmt.Errorf("%s: name is required", e.ID)
	case len(e.Start) == 0:
		return fmt.Errorf("%s: start is required (one or more URLs)", e.ID)
	}
	if prev, dup := seen[e.ID]; dup {
		return fmt.Errorf("id %q is used twice (first on line %d)", e.ID, prev)
	}
	if e.Region != "" && !regexp.MustCompile(`^\d{6}$`).MatchString(e.Region) {
		return fmt.Errorf("%s: region %q is not a six-digit GB/T 2260 code", e.ID, e.Region)
	}
	for _, s := range e.Start {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s: start %q is not an http(s) URL", e.ID, s)
		}
	}
	for _, p := range append(append(append([]string{}, e.Allow...), e.Deny...), e.Title) {
		if _, err := regexp.Compile(p); err != nil {
			return fmt.Errorf("%s: pattern %q: %w", e.ID, p, err)
		}
	}
	return nil
}

// entryLines returns the line each entry of the sources list starts on,
// so that errors found after decoding can still name a line.
func entryLines(data []byte) []int {
	file, err := parser.ParseBytes(data, 0)
	if err != nil || len(file.Docs) == 0 {
		return nil
	}
	m, ok := file.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		return nil
	}
	for _, kv := range m.Values {
		if strings.TrimSpace(kv.Key.String()) != "sources" {
			continue
		}
		seq, ok := kv.Value.(*ast.SequenceNode)
		if !ok {
			return nil
		}
		var lines []int
		for _, v := range seq.Values {
			lines = append(lines, v.GetToken().Position.Line)
		}
		return lines
	}
	return nil
}
