package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/touming/touming"
	"github.com/touming/touming/registry"
	"github.com/touming/touming/warehouse"
)

// discoveryStore is what a pass needs of the warehouse for discovery: the
// last pass's findings (where to start) and a place for this pass's.
type discoveryStore struct {
	last   func(ctx context.Context) (map[string]touming.Discovery, error)
	record func(ctx context.Context, ds []touming.Discovery) error
}

// fileDiscovery opens the warehouse at path for each call.
func fileDiscovery(path string) discoveryStore {
	return discoveryStore{
		last: func(ctx context.Context) (map[string]touming.Discovery, error) {
			return readOnce(ctx, path, (*warehouse.DB).LastDiscoveries)
		},
		record: func(ctx context.Context, ds []touming.Discovery) error {
			return writeOnce(ctx, path, func(db *warehouse.DB) error { return db.RecordDiscoveries(ctx, ds) })
		},
	}
}

// knownColumns gives each source the columns its last pass found, where
// this pass starts.
func knownColumns(last map[string]touming.Discovery) map[string][]string {
	known := map[string][]string{}
	for id, d := range last {
		if len(d.Columns) > 0 {
			known[id] = d.Columns
		}
	}
	return known
}

// settleDiscoveries completes a pass's findings before they are stored: a
// pass that started from a known column did not fetch the home page, so
// the last title is kept; and a title that names another place than the
// source's region is flagged (the registry's hint may be another
// county's).
func settleDiscoveries(sources []touming.Source, last map[string]touming.Discovery, ds []touming.Discovery) ([]touming.Discovery, error) {
	reg, err := registry.Load()
	if err != nil {
		return nil, err
	}
	region := map[string]string{}
	for _, s := range sources {
		region[s.ID] = s.Region
	}
	out := make([]touming.Discovery, len(ds))
	for i, d := range ds {
		if prev, ok := last[d.SourceID]; ok && d.Home == "" {
			d.Home, d.Title = prev.Home, prev.Title
		}
		if other, foreign := reg.ForeignTitle(region[d.SourceID], d.Title); foreign {
			d.TitleNames = other
		}
		out[i] = d
	}
	return out, nil
}

// printDiscoveries counts the sources by discovery status and names those
// that are not ok, with the reason.
func printDiscoveries(e *env, ds []touming.Discovery) {
	if len(ds) == 0 {
		return
	}
	by := map[string]int{}
	for _, d := range ds {
		by[d.Status]++
	}
	fmt.Fprintf(e.stdout, "discovery:")
	for _, s := range sortedStatusKeys(by) {
		fmt.Fprintf(e.stdout, " %s %d", s, by[s])
	}
	fmt.Fprintln(e.stdout)
	sorted := append([]touming.Discovery(nil), ds...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].SourceID < sorted[j].SourceID })
	for _, d := range sorted {
		if d.Status != touming.DiscoveryOK {
			fmt.Fprintf(e.stdout, "  %-20s %s: %s\n", d.SourceID, d.Status, d.Reason)
		}
		if d.TitleNames != "" {
			fmt.Fprintf(e.stdout, "  %-20s title %q names %s: the portal may be another place's\n", d.SourceID, d.Title, d.TitleNames)
		}
	}
}
