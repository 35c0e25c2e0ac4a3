package pipeline

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// SiteJob is the message of one site in the work queue: everything a
// worker needs, so that it needs no warehouse.
type SiteJob struct {
	RunID string   `json:"run_id"`
	Site  Site     `json:"site"`
	Crawl Settings `json:"crawl"`
	// Prior is what the warehouse holds for the site's sources: its
	// validators make requests conditional, its hashes tell what changed.
	Prior []touming.Document `json:"prior"`
}

// Settings are the plain fields of crawl.Config (delay, timeouts, limits,
// User-Agent), carried by name so that a worker crawls with the run's
// politeness, not its own; the function fields stay the worker's.
type Settings map[string]any

// SettingsOf takes the plain fields of c.
func SettingsOf(c crawl.Config) Settings {
	s := Settings{}
	v := reflect.ValueOf(c)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && plain(f.Type.Kind()) {
			s[f.Name] = v.Field(i).Interface()
		}
	}
	return s
}

// Apply sets c's plain fields from s; a field s does not name keeps its
// value, and a name c does not have is an error (a newer hub).
func (s Settings) Apply(c *crawl.Config) error {
	v := reflect.ValueOf(c).Elem()
	for name, val := range s {
		f := v.FieldByName(name)
		if !f.IsValid() || !plain(f.Kind()) {
			return fmt.Errorf("crawl setting %s: unknown to this worker", name)
		}
		b, err := json.Marshal(val)
		if err == nil {
			err = json.Unmarshal(b, f.Addr().Interface())
		}
		if err != nil {
			return fmt.Errorf("crawl setting %s: %w", name, err)
		}
	}
	return nil
}

// plain tells the settings (numbers, strings, lists and maps of them)
// from the worker's own hooks (functions, interfaces).
func plain(k reflect.Kind) bool {
	switch k {
	case reflect.Func, reflect.Interface, reflect.Chan, reflect.Pointer, reflect.UnsafePointer:
		return false
	}
	return true
}

// BatchItem is one result as it travels to the loader.
type BatchItem struct {
	Document touming.Document `json:"document"`
	Report   *touming.Report  `json:"report,omitempty"`
	// Change is new or changed for a crawled document, empty for a failed
	// fetch: the hub counts what it stored by it.
	Change touming.Change `json:"change,omitempty"`
	// Pictures are the SHA-256 of the page's pictures, archived with it.
	Pictures []string `json:"pictures,omitempty"`
}

// Notice is a message to the loader: a batch to load, or a site finished.
type Notice struct {
	Kind   string `json:"kind"` // noticeBatch or noticeSite
	RunID  string `json:"run_id"`
	Site   string `json:"site"`
	Worker string `json:"worker"`
	// Batch is the batch id, the name of its object.
	Batch string `json:"batch,omitempty"`
	// Summary and HTTP are a finished site's figures; Error says why a site
	// failed as a whole (its sources could not be crawled at all).
	Summary *touming.CrawlSummary `json:"summary,omitempty"`
	HTTP    *touming.HTTPStats    `json:"http,omitempty"`
	Error   string                `json:"error,omitempty"`
}

const (
	noticeBatch = "batch"
	noticeSite  = "site"
)

// checkpoint is a site's progress, kept in a KV bucket so that a worker
// that takes over a crashed worker's site resumes: the documents already
// sent (they count as stored, so they are not downloaded or sent again)
// and the next batch number.
type checkpoint struct {
	NextSeq int                `json:"next_seq"`
	Last    string             `json:"last,omitempty"` // last batch id, re-announced on resume
	Fetched []touming.Document `json:"fetched"`
}

// SiteState is a site's place in a run.
type SiteState struct {
	State   string    `json:"state"` // StateQueued, StateLeased, StateDone, StateFailed
	Worker  string    `json:"worker,omitempty"`
	Updated time.Time `json:"updated"`
	Error   string    `json:"error,omitempty"`
}

// The states of a site.
const (
	StateQueued = "queued"
	StateLeased = "leased"
	StateDone   = "done"
	StateFailed = "failed"
)
