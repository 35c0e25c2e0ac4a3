package pipeline

import (
	"net/url"
	"sort"
	"strings"

	"github.com/touming/touming"
)

// Site is the unit of distributed work: one politeness key (a host) with
// every source whose start URLs are on it. Sources that share a host (the
// bodies of one county on its portal, a province platform) share a site, so
// that no two workers ever send requests to one host at once.
type Site struct {
	Key     string           `json:"key"`
	Sources []touming.Source `json:"sources"`
}

// Sites groups sources by the hosts of their start URLs: two sources meet
// in one site when any of their start hosts is shared. Sites come sorted by
// key, and each site's sources in the order given.
func Sites(sources []touming.Source) []Site {
	parent := map[string]string{}
	var find func(string) string
	find = func(h string) string {
		if p, ok := parent[h]; ok && p != h {
			r := find(p)
			parent[h] = r
			return r
		}
		parent[h] = h
		return h
	}
	hostsOf := make([][]string, len(sources))
	for i, s := range sources {
		hostsOf[i] = startHosts(s)
		for _, h := range hostsOf[i][1:] {
			a, b := find(hostsOf[i][0]), find(h)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	bySite := map[string]*Site{}
	var keys []string
	for i, s := range sources {
		root := find(hostsOf[i][0])
		site, ok := bySite[root]
		if !ok {
			site = &Site{Key: root}
			bySite[root] = site
			keys = append(keys, root)
		}
		site.Sources = append(site.Sources, s)
	}
	sort.Strings(keys)
	out := make([]Site, len(keys))
	for i, k := range keys {
		out[i] = *bySite[k]
	}
	return out
}

// startHosts lists the lower-cased hosts (with port) of a source's start
// URLs; a source without a parseable one is a site of its own, keyed by id.
func startHosts(s touming.Source) []string {
	var hs []string
	for _, raw := range s.Start {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			hs = append(hs, strings.ToLower(u.Host))
		}
	}
	if len(hs) == 0 {
		hs = []string{"source:" + s.ID}
	}
	return hs
}
