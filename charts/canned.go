package charts

import (
	"embed"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Canned queries are the starter queries of docs/warehouse.md, shipped as
// named files under canned/ and offered on the SQL page at
// /sql/q/<name>?param=value. A file starts with comment lines: the title,
// then the description, then one line per named parameter:
//
//	-- :limit integer 20 显示的行数
//
// (name, type integer|number|text, default, label). The SQL names a
// parameter as :limit; its value is checked against its type and put in as
// a literal, so the page's text box shows the query exactly as it ran.
//
//go:embed canned/*.sql
var cannedFS embed.FS

// cannedQuery is one canned query.
type cannedQuery struct {
	Name, Title, Description string
	Params                   []cannedParam
	body                     string
}

// cannedParam is one named parameter and the value it has on a page.
type cannedParam struct {
	Name, Type, Default, Label, Value string
}

var paramLine = regexp.MustCompile(`^-- :([a-z_]+) (integer|number|text) (\S+) (.+)$`)

// cannedQueries reads every canned query, by name.
func cannedQueries() ([]cannedQuery, error) {
	entries, err := cannedFS.ReadDir("canned")
	if err != nil {
		return nil, fmt.Errorf("canned queries: %w", err)
	}
	var out []cannedQuery
	for _, e := range entries {
		b, err := cannedFS.ReadFile("canned/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("canned query %s: %w", e.Name(), err)
		}
		q, err := parseCanned(strings.TrimSuffix(e.Name(), ".sql"), string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// parseCanned reads a canned query's header and body.
func parseCanned(name, text string) (cannedQuery, error) {
	q := cannedQuery{Name: name}
	lines := strings.Split(text, "\n")
	i := 0
	for ; i < len(lines) && strings.HasPrefix(lines[i], "--"); i++ {
		l := lines[i]
		if m := paramLine.FindStringSubmatch(l); m != nil {
			q.Params = append(q.Params, cannedParam{Name: m[1], Type: m[2], Default: m[3], Label: m[4]})
			continue
		}
		text := strings.TrimSpace(strings.TrimPrefix(l, "--"))
		if q.Title == "" {
			q.Title = text
		} else {
			q.Description = strings.TrimSpace(q.Description + " " + text)
		}
	}
	q.body = strings.TrimSpace(strings.Join(lines[i:], "\n"))
	if q.Title == "" || q.body == "" {
		return q, fmt.Errorf("canned query %s: want a title comment and SQL", name)
	}
	for _, p := range q.Params {
		if !strings.Contains(q.body, ":"+p.Name) {
			return q, fmt.Errorf("canned query %s: parameter :%s is declared but not used", name, p.Name)
		}
	}
	return q, nil
}

// findCanned returns the canned query called name.
func findCanned(name string) (cannedQuery, bool, error) {
	all, err := cannedQueries()
	if err != nil {
		return cannedQuery{}, false, err
	}
	for _, q := range all {
		if q.Name == name {
			return q, true, nil
		}
	}
	return cannedQuery{}, false, nil
}

// bind sets each parameter from the URL (its default when absent) and
// returns the SQL with the values in; a value that is not of its type is
// refused.
func (q *cannedQuery) bind(vals url.Values) (string, error) {
	for i := range q.Params {
		p := &q.Params[i]
		p.Value = p.Default
		if v, ok := vals[p.Name]; ok && strings.TrimSpace(v[0]) != "" {
			p.Value = strings.TrimSpace(v[0])
		}
	}
	// Longest names first, so that :year does not eat :year_from.
	params := append([]cannedParam(nil), q.Params...)
	sort.Slice(params, func(i, j int) bool { return len(params[i].Name) > len(params[j].Name) })
	sql := q.body
	for _, p := range params {
		lit, err := literal(p, p.Value)
		if err != nil {
			return "", err
		}
		sql = strings.ReplaceAll(sql, ":"+p.Name, lit)
	}
	return sql, nil
}

// literal is value as an SQL literal of p's type.
func literal(p cannedParam, value string) (string, error) {
	switch p.Type {
	case "integer":
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return "", userErrf(fmt.Sprintf("参数 %s（%s）应为整数，不是 %q。", p.Name, p.Label, value), "parameter %s=%q: want an integer", p.Name, value)
		}
		return strconv.FormatInt(n, 10), nil
	case "number":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return "", userErrf(fmt.Sprintf("参数 %s（%s）应为数字，不是 %q。", p.Name, p.Label, value), "parameter %s=%q: want a number", p.Name, value)
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	}
	return quoteLiteral(value), nil
}
