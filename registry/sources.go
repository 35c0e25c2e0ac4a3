package registry

import (
	"strings"
	"unicode/utf8"

	"github.com/touming/touming"
)

// Planned is a source the registry proposes for one portal.
type Planned struct {
	Source touming.Source
	Entry  Entry   // the division whose code the source carries
	Also   []Entry // other divisions on the same portal, folded into this source
}

// SourceID is the id of the source the registry writes for a code.
func SourceID(code string) string { return "cn-" + code }

// Sources turns entries into sources: one per portal, with its region
// code; the column hint, when there is one, is the first start URL. Two
// entries on one portal (a city without counties and its one county, or
// a correction that sends two codes to one site) are one source, carrying
// the deeper code. Entries that cannot become sources come back in skipped.
func (r *Registry) Sources(entries []Entry) (planned []Planned, skipped []Entry) {
	at := map[string]int{}
	for _, e := range entries {
		if !e.Usable() {
			skipped = append(skipped, e)
			continue
		}
		k := urlKey(e.Portal)
		i, seen := at[k]
		if !seen {
			at[k] = len(planned)
			planned = append(planned, Planned{Source: source(e), Entry: e})
			continue
		}
		p := &planned[i]
		if strings.HasPrefix(e.Code, strings.TrimRight(p.Entry.Code, "0")) && e.Code != p.Entry.Code {
			p.Also = append(p.Also, p.Entry) // the deeper code carries the source
			p.Entry, p.Source = e, source(e)
			continue
		}
		p.Also = append(p.Also, e)
	}
	return planned, skipped
}

// source builds the source of one entry.
func source(e Entry) touming.Source {
	var start []string
	if e.Column != "" && urlKey(e.Column) != urlKey(e.Portal) {
		start = append(start, e.Column)
	}
	start = append(start, e.Portal)
	return touming.Source{ID: SourceID(e.Code), Name: bodyName(e), Region: e.Code, Start: start}
}

// bodyName names the government that runs a division's portal.
func bodyName(e Entry) string {
	switch {
	case e.Zone() || strings.HasSuffix(e.Name, "委员会") || strings.HasSuffix(e.Name, "管委会"):
		return e.Name
	case strings.HasSuffix(e.Name, "群岛") || utf8.RuneCountInString(e.Name) > 10:
		return e.Name
	}
	return e.Name + "人民政府"
}
