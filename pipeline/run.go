package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// Run is one crawl run: its sites, their states and its figures.
type Run struct {
	ID      string
	Started time.Time
	mu      sync.Mutex
	sites   map[string]*siteEntry
	order   []string // site keys, sorted
	written Written
	stored  map[string]*touming.SourceStats // what the loader wrote, by source
	lost    []touming.CrawlFailure          // documents of batches that could not be written
	err     error                           // why the run failed, when it did
	end     *RunResult
	done    chan struct{}
}

type siteEntry struct {
	site    Site
	state   string
	worker  string
	err     string
	summary *touming.CrawlSummary
	http    *touming.HTTPStats
}

// Written counts what the loader wrote for a run.
type Written struct {
	Batches, Repeated, Documents int
}

// RunResult is a finished run.
type RunResult struct {
	RunID        string
	FinishReason string
	Summary      touming.CrawlSummary // every source, with every failure
	Stats        []touming.RunStats   // the run's totals first, then per source
	Written      Written
	Failed       []string // sites that failed as a whole, with the reason
	// Err is why the run failed as a whole (a batch that could not be
	// written), or nil.
	Err error
	// Queue is the most the worker's queue held at once (RunLocal only).
	Queue Bound
}

// StartRun queues a site job per site of sources and returns the run.
func (h *Hub) StartRun(ctx context.Context, sources []touming.Source, cfg crawl.Config) (*Run, error) {
	r := &Run{ID: newRunID(), Started: time.Now().UTC(), sites: map[string]*siteEntry{}, done: make(chan struct{}),
		stored: map[string]*touming.SourceStats{}}
	sites := Sites(sources)
	h.smu.Lock()
	prior, err := h.cfg.Store.Prior(ctx, sources)
	h.smu.Unlock()
	if err != nil {
		return nil, err
	}
	bySource := map[string][]touming.Document{}
	for _, d := range prior {
		bySource[d.SourceID] = append(bySource[d.SourceID], d)
	}
	for _, s := range sites {
		r.sites[s.Key] = &siteEntry{site: s, state: StateQueued}
		r.order = append(r.order, s.Key)
	}
	h.mu.Lock()
	h.runs[r.ID] = r
	h.mu.Unlock()
	settings := SettingsOf(cfg)
	for _, s := range sites {
		job := SiteJob{RunID: r.ID, Site: s, Crawl: settings}
		for _, src := range s.Sources {
			job.Prior = append(job.Prior, bySource[src.ID]...)
		}
		if err := h.queue(ctx, job); err != nil {
			return nil, err
		}
	}
	h.event(Event{What: "run started", RunID: r.ID, Detail: fmt.Sprintf("%d sources on %d sites", len(sources), len(sites))})
	if len(sites) == 0 {
		return r, h.finishRun(ctx, r, "")
	}
	return r, nil
}

func (h *Hub) queue(ctx context.Context, job SiteJob) error {
	data, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("encode site %s: %w", job.Site.Key, err)
	}
	b, _ := json.Marshal(SiteState{State: StateQueued, Updated: time.Now().UTC()})
	if _, err := h.bus.states.Put(ctx, siteKey(job.RunID, job.Site.Key), b); err != nil {
		return fmt.Errorf("queue site %s: %w", job.Site.Key, err)
	}
	if _, err := h.bus.js.Publish(ctx, sitesSubject+"."+token(job.RunID), data); err != nil {
		return fmt.Errorf("queue site %s: %w", job.Site.Key, err)
	}
	return nil
}

// newRunID is the start time and a random suffix: sortable and unique.
func newRunID() string {
	b := make([]byte, 3)
	rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

func (r *Run) addBatch(items []BatchItem, loaded bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !loaded {
		r.written.Repeated++
		return
	}
	r.written.Batches++
	r.written.Documents += len(items)
	for _, it := range items {
		d := it.Document
		s := r.stored[d.SourceID]
		if s == nil {
			s = &touming.SourceStats{SourceID: d.SourceID}
			r.stored[d.SourceID] = s
		}
		switch it.Change {
		case touming.ChangeNew:
			s.New++
		case touming.ChangeChanged:
			s.Changed++
		}
		if d.Status == touming.StatusFailed {
			s.Failed++
		}
	}
}

// notStored lists the documents of a batch the loader could not write.
func (r *Run) notStored(items []BatchItem, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range items {
		r.lost = append(r.lost, touming.CrawlFailure{SourceID: it.Document.SourceID, URL: it.Document.URL,
			Reason: fmt.Sprintf("not stored: %v", err)})
	}
}

// siteDone records a site's notice; true when it was the run's last.
func (r *Run) siteDone(n Notice) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.sites[n.Site]
	if !ok || e.state == StateDone || e.state == StateFailed || r.end != nil {
		return false
	}
	e.state, e.worker, e.err, e.summary, e.http = StateDone, n.Worker, n.Error, n.Summary, n.HTTP
	if n.Error != "" {
		e.state = StateFailed
	}
	for _, e := range r.sites {
		if e.state != StateDone && e.state != StateFailed {
			return false
		}
	}
	return true
}

// Wait blocks until the run is finished or ctx ends.
func (r *Run) Wait(ctx context.Context) (*RunResult, error) {
	select {
	case <-r.done:
		return r.end, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Cancel ends a run that is still going as cancelled, with what it has.
func (h *Hub) Cancel(ctx context.Context, r *Run) error {
	return h.finishRun(ctx, r, touming.FinishCancelled)
}

// finishRun works the run's figures out, records them and ends the run.
func (h *Hub) finishRun(ctx context.Context, r *Run, reason string) error {
	r.mu.Lock()
	if r.end != nil {
		r.mu.Unlock()
		return nil
	}
	res := r.result(reason)
	r.end = res
	r.mu.Unlock()
	h.smu.Lock()
	err := h.cfg.Store.RecordRun(ctx, res.Stats)
	h.smu.Unlock()
	close(r.done)
	h.event(Event{What: "run finished", RunID: r.ID, Detail: res.FinishReason})
	return err
}

// result adds the sites' figures up; r.mu is held.
func (r *Run) result(reason string) *RunResult {
	res := &RunResult{RunID: r.ID, Written: r.written, Err: r.err}
	res.Summary.Started = r.Started
	res.Summary.Finished = time.Now().UTC()
	total := touming.RunStats{RunID: r.ID, Started: r.Started, Finished: res.Summary.Finished, HTTP: &touming.HTTPStats{}}
	var perSource []touming.RunStats
	failedSites := 0
	for _, k := range r.order {
		e := r.sites[k]
		if e.err != "" {
			failedSites++
			res.Failed = append(res.Failed, k+": "+e.err)
		}
		if e.http != nil {
			total.HTTP.Add(*e.http)
		}
		if e.summary == nil {
			// Not finished: count what the warehouse holds of it.
			for _, src := range e.site.Sources {
				ss := touming.SourceStats{SourceID: src.ID}
				if s := r.stored[src.ID]; s != nil {
					ss = *s
				}
				res.Summary.Sources = append(res.Summary.Sources, ss)
				row := touming.RunStats{RunID: r.ID, SourceID: src.ID, Started: r.Started, Finished: res.Summary.Finished}
				row.Count(ss)
				perSource = append(perSource, row)
			}
			continue
		}
		s := e.summary
		res.Summary.Sources = append(res.Summary.Sources, s.Sources...)
		res.Summary.Failures = append(res.Summary.Failures, s.Failures...)
		res.Summary.Skips = append(res.Summary.Skips, s.Skips...)
		res.Summary.Discoveries = append(res.Summary.Discoveries, s.Discoveries...)
		for _, ss := range s.Sources {
			row := touming.RunStats{RunID: r.ID, SourceID: ss.SourceID, Started: s.Started, Finished: s.Finished}
			row.Count(ss)
			if len(e.site.Sources) == 1 && e.http != nil {
				h := *e.http
				row.HTTP = &h
			}
			perSource = append(perSource, row)
		}
	}
	res.Summary.Failures = append(res.Summary.Failures, r.lost...)
	sort.SliceStable(res.Summary.Sources, func(i, j int) bool { return res.Summary.Sources[i].SourceID < res.Summary.Sources[j].SourceID })
	total.Count(res.Summary.Total())
	res.FinishReason = finishReason(reason, failedSites, len(r.order), res.Summary)
	total.FinishReason = res.FinishReason
	for i := range perSource {
		perSource[i].FinishReason = res.FinishReason
	}
	res.Stats = append([]touming.RunStats{total}, perSource...)
	return res
}

// finishReason: cancelled when asked; failed when every site failed, or
// when sites were crawled and not one page or document came back;
// finished otherwise.
func finishReason(reason string, failedSites, sites int, sum touming.CrawlSummary) string {
	if reason != "" {
		return reason
	}
	t := sum.Total()
	switch {
	case sites > 0 && failedSites == sites:
		return touming.FinishFailed
	case sites > 0 && t.Pages == 0 && t.New+t.Changed+t.Unchanged == 0 && t.Failed > 0:
		return touming.FinishFailed
	}
	return touming.FinishFinished
}

// SiteStatus is one site's line on the status page.
type SiteStatus struct {
	Key, State, Worker, Error string
	Sources                   int
}

// Status is a snapshot of the run: its sites and what was written.
func (r *Run) Status() (sites []SiteStatus, written Written, finished bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range r.order {
		e := r.sites[k]
		sites = append(sites, SiteStatus{Key: k, State: e.state, Worker: e.worker, Error: e.err, Sources: len(e.site.Sources)})
	}
	return sites, r.written, r.end != nil
}
