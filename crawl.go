package touming

import "time"

// Change says how a fetched document compares with what was stored from
// earlier passes.
type Change string

// The changes a crawl tells apart.
const (
	ChangeNew       Change = "new"       // never fetched before
	ChangeChanged   Change = "changed"   // fetched before, with other content
	ChangeUnchanged Change = "unchanged" // 304, or the same content hash
)

// SourceStats counts one source's pass: what a progress line shows.
type SourceStats struct {
	SourceID  string
	Pages     int // list, column and navigation pages fetched
	New       int // report documents new this pass (read or not)
	Changed   int // report documents whose content changed
	Unchanged int // report documents not downloaded or not re-read
	Skipped   int // links passed over: notices, plans, robots.txt, duplicates
	Failed    int // fetches that failed, and documents recorded as failed
	// Starts is the number of the source's start URLs; StartsFailed of
	// them never yielded a page (dead, a redirect loop, robots.txt).
	Starts, StartsFailed int
}

// Unreached reports whether none of the source's start URLs yielded a
// page: the source failed as a whole.
func (s SourceStats) Unreached() bool { return s.Starts > 0 && s.StartsFailed >= s.Starts }

// CrawlFailure is one thing that went wrong in a pass, named by URL.
type CrawlFailure struct {
	SourceID string
	URL      string
	Reason   string
}

// CrawlSummary is the outcome of one pass over the sources.
type CrawlSummary struct {
	Started, Finished time.Time
	Sources           []SourceStats
	// Failures lists what failed and why: fetch errors and documents that
	// could not be read (not reports, no tables, …).
	Failures []CrawlFailure
	// Skips lists the links passed over and why (robots.txt, a notice, a
	// duplicate): not failures, but what a user asks about first.
	Skips []CrawlFailure
	// Discoveries says, per source, where its column was found and what
	// kept it from being read.
	Discoveries []Discovery
}

// AllFailed reports whether every source of the pass failed as a whole.
func (s CrawlSummary) AllFailed() bool {
	for _, x := range s.Sources {
		if !x.Unreached() {
			return false
		}
	}
	return len(s.Sources) > 0
}

// Total adds up the sources' stats.
func (s CrawlSummary) Total() SourceStats {
	var t SourceStats
	for _, x := range s.Sources {
		t.Pages += x.Pages
		t.New += x.New
		t.Changed += x.Changed
		t.Unchanged += x.Unchanged
		t.Skipped += x.Skipped
		t.Failed += x.Failed
		t.Starts += x.Starts
		t.StartsFailed += x.StartsFailed
	}
	return t
}
