package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/registry"
)

// sourcesConfig is what `touming sources` was asked for.
type sourcesConfig struct {
	region    string
	levels    []string
	overrides string
	db        string // a warehouse whose last crawl comments each source
	hints     bool   // print the hints rows' accounts instead of sources
}

func parseSources(e *env, args []string) (sourcesConfig, error) {
	var c sourcesConfig
	var levels string
	fl := flag.NewFlagSet("sources", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.region, "region", "", "a province, city or county code (41, 4107, 410721) or all")
	fl.StringVar(&levels, "level", "province,city,county", "the levels of government to include, comma-separated")
	fl.StringVar(&c.overrides, "overrides", "", "a local overrides file (TSV: "+strings.ReplaceAll(registry.OverrideColumns, "\t", ", ")+") that wins over the shipped hints")
	fl.StringVar(&c.db, "db", "", "a warehouse: comment each source with what its last crawl found (status, column, a title naming another place)")
	fl.BoolVar(&c.hints, "hints", false, "print what became of every shipped hints row (matched, ambiguous, unmatched and why) instead")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming sources --region CODE|all [--level county] [--overrides FILE] [--db FILE] > sources.yaml")
		fmt.Fprintln(e.stderr, "\nWrites a sources file for the crawl from the registry of portals. Its URLs are unverified hints")
		fmt.Fprintln(e.stderr, "until a crawl or a person checks them; see docs/registry.md.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	for _, l := range strings.Split(levels, ",") {
		switch l = strings.TrimSpace(l); l {
		case "province", "city", "county":
			c.levels = append(c.levels, l)
		default:
			return c, fmt.Errorf("%w: --level %q: want province, city or county", errUsage, l)
		}
	}
	switch {
	case fl.NArg() > 0:
		return c, fmt.Errorf("%w: unexpected arguments %q", errUsage, fl.Args())
	case c.region == "" && !c.hints:
		return c, fmt.Errorf("%w: --region CODE (or all) is required", errUsage)
	}
	return c, nil
}

// runSources writes the sources of a region to standard output.
func runSources(ctx context.Context, e *env, args []string) error {
	c, err := parseSources(e, args)
	if err != nil {
		return err
	}
	reg, err := openRegistry(c.overrides)
	if err != nil {
		return err
	}
	if c.hints {
		return printAccounts(e.stdout, reg)
	}
	entries, err := reg.Select(c.region, c.levels...)
	if err != nil {
		return fmt.Errorf("%w: --%w", errUsage, err)
	}
	planned, skipped := reg.Sources(entries)
	last, err := lastCrawl(ctx, c.db)
	if err != nil {
		return err
	}
	return writeSources(e.stdout, c, planned, skipped, last)
}

// openRegistry loads the shipped hints and applies the overrides file.
func openRegistry(overrides string) (*registry.Registry, error) {
	reg, err := registry.Load()
	if err != nil || overrides == "" {
		return reg, err
	}
	data, err := os.ReadFile(overrides)
	if err != nil {
		return nil, fmt.Errorf("read overrides: %w", err)
	}
	list, err := registry.ParseOverrides(overrides, data)
	if err != nil {
		return nil, err
	}
	return reg, reg.Apply(overrides, list)
}

// writeSources prints a sources file that crawl.ParseSources reads, each
// source with a comment on where its URLs came from, and the entries
// that could not become sources listed in comments at the end.
func writeSources(w io.Writer, c sourcesConfig, planned []registry.Planned, skipped []registry.Entry, last map[string]touming.Discovery) error {
	fmt.Fprintf(w, "# touming sources for region %s (%s), written %s by `touming sources`.\n",
		c.region, strings.Join(c.levels, ", "), time.Now().UTC().Format(time.DateOnly))
	fmt.Fprintln(w, "# The URLs are hints from touming's registry (see docs/registry.md): UNVERIFIED unless a")
	fmt.Fprintln(w, "# line says \"verified\". A crawl records what each portal turned out to be (source_discovery).")
	if c.overrides != "" {
		fmt.Fprintf(w, "# Overrides from %s win over the shipped hints.\n", c.overrides)
	}
	fmt.Fprintf(w, "# %d sources; %d divisions without a usable portal, listed at the end.\n", len(planned), len(skipped))
	if len(planned) == 0 {
		fmt.Fprintln(w, "sources: []")
	} else {
		fmt.Fprintln(w, "sources:")
	}
	for _, p := range planned {
		d, ok := last[p.Source.ID]
		writeSource(w, p, func() { writeFindings(w, d, ok) })
	}
	if len(skipped) > 0 {
		fmt.Fprintln(w, "\n# not written (no usable portal):")
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "#   %s %s: %s\n", s.Code, s.Path, s.Problem)
	}
	return nil
}

func writeSource(w io.Writer, p registry.Planned, findings func()) {
	e := p.Entry
	check := "hint (unverified)"
	if e.Verified != "" {
		check = "verified " + e.Verified
	}
	var from []string
	for _, f := range e.From {
		from = append(from, f.String())
	}
	fmt.Fprintf(w, "  # %s · %s: %s\n", e.Path, check, strings.Join(from, "; "))
	for _, a := range p.Also {
		fmt.Fprintf(w, "  # also %s %s (same portal)\n", a.Code, a.Path)
	}
	for _, n := range e.Notes {
		fmt.Fprintf(w, "  # note: %s\n", n)
	}
	findings()
	s := p.Source
	fmt.Fprintf(w, "  - id: %s\n    name: %s\n    region: %s\n    start:\n", quote(s.ID), quote(s.Name), quote(s.Region))
	for _, u := range s.Start {
		fmt.Fprintf(w, "      - %s\n", quote(u))
	}
}

// quote writes a YAML double-quoted scalar (JSON's string syntax is a
// subset of it).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// printAccounts lists what became of every hints row, as TSV.
func printAccounts(w io.Writer, reg *registry.Registry) error {
	fmt.Fprintln(w, "file\trow\tname\toutcome\tcode\treason")
	n := map[registry.Outcome]int{}
	for _, a := range reg.Accounts {
		n[a.Outcome]++
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\n", a.File, a.Row, a.Name, a.Outcome, a.Code, a.Reason)
	}
	fmt.Fprintf(w, "# %d rows: %d matched, %d ambiguous, %d unmatched\n", len(reg.Accounts), n[registry.Matched], n[registry.Ambiguous], n[registry.Unmatched])
	return nil
}

// lastCrawl reads the warehouse's latest discovery per source, for the
// comments of a regenerated sources file; no file is no findings.
func lastCrawl(ctx context.Context, path string) (map[string]touming.Discovery, error) {
	if path == "" {
		return nil, nil
	}
	return fileDiscovery(path).last(ctx)
}

// writeFindings comments a source with what the last crawl found of it.
func writeFindings(w io.Writer, d touming.Discovery, ok bool) {
	if !ok {
		return
	}
	line := fmt.Sprintf("  # last crawl %s: %s", d.CheckedAt.Format(time.DateOnly), d.Status)
	if d.Reason != "" {
		line += " (" + strings.ReplaceAll(d.Reason, "\n", " ") + ")"
	}
	if len(d.Columns) > 0 {
		line += "; column " + strings.Join(d.Columns, " ")
	}
	fmt.Fprintln(w, line)
	if d.TitleNames != "" {
		fmt.Fprintf(w, "  # FLAGGED: the home page's title %q names %s: the hint may be another place's portal\n", d.Title, d.TitleNames)
	}
}
