package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/touming/touming"
)

// progress shows a pass as it runs: on a terminal a block of lines redrawn
// in place, one per source (the most recently active ones, when there are
// many) and one with the totals; otherwise nothing (the sink logs each
// document).
type progress struct {
	e      *env
	mu     sync.Mutex
	stats  map[string]touming.SourceStats
	recent []string // source ids, most recently active first
	lines  int      // height of the block drawn last
	last   time.Time
}

// progressSources is how many sources the block shows at most.
const progressSources = 8

func newProgress(e *env) *progress {
	return &progress{e: e, stats: map[string]touming.SourceStats{}}
}

func (p *progress) update(s touming.SourceStats) {
	if !p.e.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats[s.SourceID] = s
	p.recent = append([]string{s.SourceID}, slices.DeleteFunc(p.recent, func(id string) bool { return id == s.SourceID })...)
	if time.Since(p.last) < 100*time.Millisecond {
		return // redrawing faster than the eye reads only costs time
	}
	p.draw()
}

// draw moves the cursor up over the last block and writes the new one.
func (p *progress) draw() {
	p.last = time.Now()
	ids := slices.Clone(p.recent[:min(len(p.recent), progressSources)])
	slices.Sort(ids) // a line keeps its place while its source is shown
	var t touming.SourceStats
	for _, x := range p.stats {
		t.Pages, t.New, t.Changed, t.Unchanged, t.Failed = t.Pages+x.Pages, t.New+x.New, t.Changed+x.Changed, t.Unchanged+x.Unchanged, t.Failed+x.Failed
	}
	if p.lines > 0 {
		fmt.Fprintf(p.e.stderr, "\033[%dA", p.lines)
	}
	for _, id := range ids {
		fmt.Fprintf(p.e.stderr, "\r\033[K  %-20s %s\n", id, statLine(p.stats[id]))
	}
	fmt.Fprintf(p.e.stderr, "\r\033[K  all %d sources        %s\n", len(p.stats), statLine(t))
	p.lines = len(ids) + 1
}

// done draws the final counts.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.e.tty && len(p.stats) > 0 {
		p.draw()
	}
}

func statLine(s touming.SourceStats) string {
	return fmt.Sprintf("pages %d, reports new %d, changed %d, unchanged %d, failed %d",
		s.Pages, s.New, s.Changed, s.Unchanged, s.Failed)
}

// printSummary prints a pass's outcome per source and what failed and why.
func printSummary(e *env, sum touming.CrawlSummary) {
	if sum.Started.IsZero() {
		return
	}
	t := sum.Total()
	fmt.Fprintf(e.stdout, "crawl pass: %d sources in %s; %s, %d links skipped\n",
		len(sum.Sources), sum.Finished.Sub(sum.Started).Round(time.Millisecond), statLine(t), t.Skipped)
	for _, s := range sum.Sources {
		note := ""
		if s.Unreached() {
			note = "; FAILED: no start URL yielded a page"
		} else if s.StartsFailed > 0 {
			note = fmt.Sprintf("; %d of %d start URLs failed", s.StartsFailed, s.Starts)
		}
		fmt.Fprintf(e.stdout, "  %-20s %s%s\n", s.SourceID, statLine(s), note)
	}
	printSkips(e, sum.Skips)
	printDiscoveries(e, sum.Discoveries)
	if len(sum.Failures) == 0 {
		return
	}
	fails := append([]touming.CrawlFailure(nil), sum.Failures...)
	sort.SliceStable(fails, func(i, j int) bool { return fails[i].SourceID < fails[j].SourceID })
	fmt.Fprintf(e.stdout, "not read (%d):\n", len(fails))
	for _, f := range fails {
		fmt.Fprintf(e.stdout, "  %s %s\n      %s\n", f.SourceID, f.URL, strings.ReplaceAll(f.Reason, "\n", " "))
	}
}

// printSkips counts the links passed over by reason.
func printSkips(e *env, skips []touming.CrawlFailure) {
	if len(skips) == 0 {
		return
	}
	by := map[string]int{}
	for _, s := range skips {
		by[s.Reason]++
	}
	fmt.Fprintf(e.stdout, "skipped links:\n")
	for _, r := range sortedStatusKeys(by) {
		fmt.Fprintf(e.stdout, "  %4d %s\n", by[r], r)
	}
}
