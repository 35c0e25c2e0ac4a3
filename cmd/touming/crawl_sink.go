package main

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/warehouse"
)

// crawlSink takes what the crawler hands over: it archives the body,
// extracts the report and buffers the item until a batch is full.
type crawlSink struct {
	e       *env
	ex      *extract.Extractor
	archive crawl.Archive
	write   batchWrite
	batch   int
	buf     []warehouse.Item
	meta    []pending // one per item of buf
	st      warehouse.Stats
}

// pending is what the crawler counted for a buffered item: the summary
// takes it back if the item is never committed (a full disk).
type pending struct {
	change  touming.Change
	counted bool // the crawler counted it (its handler call returned nil)
	fetched bool // a fetched document, counted new or changed
}

// handle is the crawl.Handler. Its errors (a full disk, a warehouse that
// cannot be written) stop the pass; a document that holds no report is
// recorded with its status instead.
func (s *crawlSink) handle(ctx context.Context, f crawl.Fetched) (touming.Document, error) {
	d := f.Doc
	if d.Status == touming.StatusFailed { // the fetch failed: record why
		if !s.e.tty { // on a terminal the summary lists it
			s.e.log.Warn("fetch failed", "url", d.URL, "reason", d.Error)
		}
		return d, s.add(ctx, warehouse.Item{Document: d}, pending{})
	}
	if _, err := s.archive.Put(f.Body); err != nil {
		return d, err
	}
	for _, b := range f.Pictures { // a page's pictures are kept with it
		if _, err := s.archive.Put(b); err != nil {
			return d, err
		}
	}
	r, err := s.ex.Extract(extract.Input{Name: d.FinalURL, Data: f.Body, ContentType: d.ContentType, Title: d.Title, Images: f.Pictures})
	d.Status = touming.ReportStatus(r, err)
	if err != nil {
		d.Error, r = err.Error(), nil
		if !s.e.tty {
			s.e.log.Warn("no report", "url", d.FinalURL, "status", d.Status, "reason", d.Error)
		}
	} else if !s.e.tty {
		s.e.log.Info("report", "url", d.FinalURL, "agency", r.Meta.Agency, "year", r.Meta.Year, "change", f.Change)
	}
	return d, s.add(ctx, warehouse.Item{Document: d, Report: r}, pending{change: f.Change, fetched: true})
}

// add buffers an item and writes the batch when it is full. An item whose
// batch fails is not counted by the crawler, as its handler call fails.
func (s *crawlSink) add(ctx context.Context, it warehouse.Item, m pending) error {
	m.counted = true
	s.buf = append(s.buf, it)
	s.meta = append(s.meta, m)
	if len(s.buf) < s.batch {
		return nil
	}
	err := s.flush(ctx)
	if err != nil {
		s.meta[len(s.meta)-1].counted = false
	}
	return err
}

// uncommitted takes the items never written back out of sum's counts and
// lists each among the failures: the summary counts only what the
// warehouse holds.
func (s *crawlSink) uncommitted(sum *touming.CrawlSummary, err error) {
	for i, it := range s.buf {
		m, d := s.meta[i], it.Document
		sum.Failures = append(sum.Failures, touming.CrawlFailure{SourceID: d.SourceID, URL: d.URL,
			Reason: fmt.Sprintf("not stored: %v", err)})
		if !m.counted || !m.fetched {
			continue
		}
		for j := range sum.Sources {
			st := &sum.Sources[j]
			if st.SourceID != d.SourceID {
				continue
			}
			if m.change == touming.ChangeNew {
				st.New--
			} else {
				st.Changed--
			}
			if d.Status == touming.StatusFailed {
				st.Failed--
			}
		}
	}
}

// flush writes the buffered items in one transaction.
func (s *crawlSink) flush(ctx context.Context) error {
	if len(s.buf) == 0 {
		return nil
	}
	st, err := s.write(ctx, s.buf)
	if err != nil {
		return err
	}
	s.st.Add(st)
	s.buf, s.meta = s.buf[:0], s.meta[:0]
	return nil
}

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
