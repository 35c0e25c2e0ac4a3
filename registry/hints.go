package registry

import (
	"embed"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// hintFiles are the shipped hints, copied unchanged from the project's
// shared registry folder (PROVENANCE.md is that folder's README), and the
// corrections accepted since, in the overrides format.
//
//go:embed hints/portal-hints.tsv hints/xxgk-hints.tsv hints/PROVENANCE.md hints/corrections.tsv
var hintFiles embed.FS

// ProvenanceDoc returns the shipped hints' provenance document.
func ProvenanceDoc() string {
	b, _ := hintFiles.ReadFile("hints/PROVENANCE.md")
	return string(b)
}

// Outcome is what became of one hints row.
type Outcome string

// The outcomes of a hints row.
const (
	Matched   Outcome = "matched"   // its URL is the hint of one division
	Ambiguous Outcome = "ambiguous" // its URL is listed for several divisions, or its code twice
	Unmatched Outcome = "unmatched" // no division takes it; Reason says why
)

// Account is one hints row and what became of it.
type Account struct {
	File    string
	Row     int
	Name    string // the row's name path, e.g. 河南省/新乡市/新乡县
	Code    string // the division it was matched to, if any
	Outcome Outcome
	Reason  string // why it is ambiguous or unmatched, or what of it was not used
}

// tsv reads a shipped hints file into rows keyed by its header's columns.
func tsv(name string, want []string) ([]map[string]string, error) {
	b, err := hintFiles.ReadFile("hints/" + name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	header := strings.Split(lines[0], "\t")
	if strings.Join(header, ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("read %s: header %q, want %q", name, lines[0], strings.Join(want, "\t"))
	}
	var rows []map[string]string
	for i, line := range lines[1:] {
		cells := strings.Split(line, "\t")
		if len(cells) != len(header) {
			return nil, fmt.Errorf("read %s line %d: %d columns, want %d", name, i+2, len(cells), len(header))
		}
		m := map[string]string{}
		for j, h := range header {
			m[h] = cells[j]
		}
		rows = append(rows, m)
	}
	return rows, nil
}

// urlKey is what makes two URLs the same portal: host and path, ignoring
// the scheme, a trailing slash and case in the host.
func urlKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host) + strings.TrimSuffix(u.Path, "/")
}

var portalColumns = []string{"row", "province", "city", "county", "level", "name_path", "url", "code", "match", "source_probe", "note"}

// loadPortalHints resolves portal-hints.tsv: a row with a known code and
// a URL no other division lists becomes that entry's portal.
func (r *Registry) loadPortalHints() error {
	const file = "portal-hints.tsv"
	rows, err := tsv(file, portalColumns)
	if err != nil {
		return err
	}
	byKey := map[string][]map[string]string{}
	for _, row := range rows {
		if row["url"] != "" {
			byKey[urlKey(row["url"])] = append(byKey[urlKey(row["url"])], row)
		}
	}
	byCode := map[string]int{}
	for _, row := range rows {
		n, err := strconv.Atoi(row["row"])
		if err != nil {
			return fmt.Errorf("read %s: row %q is not a number", file, row["row"])
		}
		a := Account{File: file, Row: n, Name: row["name_path"], Code: row["code"]}
		a.Outcome, a.Reason = r.judgePortal(row, byKey[urlKey(row["url"])], byCode)
		if a.Outcome != Matched {
			a.Code = ""
			if e := r.entries[row["code"]]; e != nil && a.Outcome == Ambiguous {
				e.Problem = "hint ambiguous: " + a.Reason
				e.From = append(e.From, Provenance{File: file, Row: n, Probe: row["source_probe"]})
			}
		} else {
			byCode[row["code"]] = n
			r.hintPortal(row, Provenance{File: file, Row: n, Probe: row["source_probe"]})
		}
		r.Accounts = append(r.Accounts, a)
	}
	return nil
}

// judgePortal decides a portal-hints row's outcome; same holds the rows
// that list the same URL, byCode the rows already matched per code.
func (r *Registry) judgePortal(row map[string]string, same []map[string]string, byCode map[string]int) (Outcome, string) {
	code := row["code"]
	switch {
	case code == "":
		return Unmatched, "no division code: " + orDefault(row["note"], "match "+row["match"])
	case r.regions[code].Code == "":
		return Unmatched, "code " + code + " is not in the division list"
	case row["url"] == "":
		return Unmatched, "no URL listed"
	case row["match"] == "ambiguous":
		return Ambiguous, "the name fits several divisions"
	}
	if prev, dup := byCode[code]; dup {
		return Ambiguous, fmt.Sprintf("code %s already given by row %d", code, prev)
	}
	for _, o := range same {
		if o["row"] == row["row"] || o["code"] == code {
			continue
		}
		switch {
		case row["level"] == "county" && o["level"] != "county" && strings.HasPrefix(code, strings.TrimRight(o["code"], "0")):
			return Ambiguous, fmt.Sprintf("the URL is its city's portal (row %s, %s)", o["row"], o["name_path"])
		case row["level"] == o["level"]:
			return Ambiguous, fmt.Sprintf("the same URL is listed for row %s, %s", o["row"], o["name_path"])
		}
	}
	return Matched, ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// hintPortal gives an entry its portal hint. A city without counties whose
// one child has the same name (嘉峪关市) gives the child the hint too: they
// are one government.
func (r *Registry) hintPortal(row map[string]string, p Provenance) {
	set := func(e *Entry) {
		e.Portal, e.From = row["url"], append(e.From, p)
		if row["note"] != "" {
			e.Notes = append(e.Notes, row["note"])
		}
	}
	e := r.entries[row["code"]]
	set(e)
	if !strings.Contains(row["note"], "city without counties") {
		return
	}
	for _, code := range r.order {
		if c := r.entries[code]; c.Parent == e.Code && c.Name == e.Name && c.Portal == "" {
			set(c)
		}
	}
}

var xxgkColumns = []string{"province", "city", "county", "portal_url", "xxgk_url", "listed_as", "code", "match", "portal_row", "note"}

// loadXxgkHints resolves xxgk-hints.tsv: a row with a code adds its
// 信息公开 page as the entry's column (and its portal, where the entry had
// none); a provincial catch-all page or an anchor on the home page is not
// a column and is left out, with the reason.
func (r *Registry) loadXxgkHints() error {
	const file = "xxgk-hints.tsv"
	rows, err := tsv(file, xxgkColumns)
	if err != nil {
		return err
	}
	for i, row := range rows {
		a := Account{File: file, Row: i + 1, Name: row["province"] + "/" + row["city"] + "/" + row["county"], Code: row["code"], Outcome: Matched}
		e := r.entries[row["code"]]
		switch {
		case row["code"] == "":
			a.Outcome, a.Reason = Unmatched, "no division code: "+orDefault(row["note"], "match "+row["match"])
		case e == nil:
			a.Outcome, a.Reason = Unmatched, "code "+row["code"]+" is not in the division list"
		default:
			a.Reason = r.hintColumn(e, row, Provenance{File: file, Row: i + 1})
		}
		if a.Outcome != Matched {
			a.Code = ""
		}
		r.Accounts = append(r.Accounts, a)
	}
	return nil
}

// hintColumn adds an xxgk row to its entry and says what was not used.
func (r *Registry) hintColumn(e *Entry, row map[string]string, p Provenance) string {
	e.From = append(e.From, p)
	var unused []string
	if e.Portal == "" && e.Problem == "" {
		e.Portal = row["portal_url"]
	} else if e.Portal != "" && urlKey(e.Portal) != urlKey(row["portal_url"]) && !sameSite(e.Portal, row["portal_url"]) {
		unused = append(unused, "portal_url differs from portal-hints ("+row["portal_url"]+"): kept "+e.Portal)
	}
	col, err := url.Parse(row["xxgk_url"])
	switch {
	case err != nil || col.Host == "":
		unused = append(unused, "xxgk_url is not a URL")
	case col.Fragment != "" && urlKey(row["xxgk_url"]) == urlKey(row["portal_url"]):
		unused = append(unused, "xxgk_url is only an anchor on the home page: not used")
	case !sameSite(row["xxgk_url"], row["portal_url"]):
		unused = append(unused, "xxgk_url is on another site (a provincial catch-all page): not used")
	default:
		e.Column = row["xxgk_url"]
	}
	if row["note"] != "" {
		e.Notes = append(e.Notes, row["note"])
	}
	return strings.Join(unused, "; ")
}

// sameSite reports whether two URLs are under one registered domain
// (xxgk.guannan.gov.cn and www.guannan.gov.cn).
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return registered(ua.Hostname()) == registered(ub.Hostname())
}

func registered(host string) string {
	parts := strings.Split(strings.ToLower(host), ".")
	n := 2
	if len(parts) >= 3 && map[string]bool{"gov": true, "com": true, "org": true, "net": true, "edu": true}[parts[len(parts)-2]] {
		n = 3
	}
	if len(parts) <= n {
		return strings.Join(parts, ".")
	}
	return strings.Join(parts[len(parts)-n:], ".")
}
