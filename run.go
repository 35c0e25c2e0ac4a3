package touming

import "time"

// Finish reasons of a crawl run.
const (
	FinishFinished  = "finished"  // every site was crawled (some pages may have failed)
	FinishCancelled = "cancelled" // interrupted before every site was crawled
	FinishFailed    = "failed"    // failed wholesale: nothing could be crawled, or the results could not be stored
)

// HTTPStats counts a crawl's requests, as Scrapy's stats do.
type HTTPStats struct {
	Requests  int64            `json:"requests"`  // every attempt, robots.txt and retries included
	Responses map[string]int64 `json:"responses"` // HTTP status → count
	Retries   int64            `json:"retries"`   // attempts after the first at a URL
	Bytes     int64            `json:"bytes"`     // response bodies received
}

// Add adds o's counts to h.
func (h *HTTPStats) Add(o HTTPStats) {
	h.Requests += o.Requests
	h.Retries += o.Retries
	h.Bytes += o.Bytes
	for k, v := range o.Responses {
		if h.Responses == nil {
			h.Responses = map[string]int64{}
		}
		h.Responses[k] += v
	}
}

// RunStats are a crawl run's figures for one source, or for the whole run
// when SourceID is empty: what crawl_runs keeps and --json-summary prints.
type RunStats struct {
	RunID        string    `json:"run_id"`
	SourceID     string    `json:"source_id,omitempty"`
	Started      time.Time `json:"started"`
	Finished     time.Time `json:"finished"`
	FinishReason string    `json:"finish_reason"`
	// HTTP is nil for a source whose host also serves other sources of the
	// run: requests are counted per host.
	HTTP      *HTTPStats `json:"http,omitempty"`
	Pages     int        `json:"pages"`
	New       int        `json:"reports_new"`
	Changed   int        `json:"reports_changed"`
	Unchanged int        `json:"reports_unchanged"`
	Failed    int        `json:"reports_failed"`
	Skipped   int        `json:"skipped"`
}

// Elapsed is the run's (or source's) wall time.
func (r RunStats) Elapsed() time.Duration { return r.Finished.Sub(r.Started) }

// Count copies a source's pass counts into r.
func (r *RunStats) Count(s SourceStats) {
	r.Pages, r.New, r.Changed, r.Unchanged, r.Failed, r.Skipped = s.Pages, s.New, s.Changed, s.Unchanged, s.Failed, s.Skipped
}
