package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// Store is what the hub's loader needs of the warehouse (cmd/touming
// wires touming's warehouse in).
type Store interface {
	// Prior returns the stored documents of these sources.
	Prior(ctx context.Context, sources []touming.Source) ([]touming.Document, error)
	// WriteBatch writes a batch once: false when its id was loaded before.
	WriteBatch(ctx context.Context, id, runID string, items []BatchItem) (bool, error)
	// RecordRun keeps a finished run's figures.
	RecordRun(ctx context.Context, rows []touming.RunStats) error
}

// BatchesWriter is a Store that writes several batches in one go (touming
// crawl's file store: one open and one transaction): the loader hands it
// the batches that are ready together, as many sites finish theirs at once.
type BatchesWriter interface {
	// WriteBatches writes each batch once, in order, and returns for each
	// written whether it was new, up to the first that failed (a store
	// writing them in one transaction returns none on a failure).
	WriteBatches(ctx context.Context, batches []Batch) ([]bool, error)
}

// Batch is one batch of results as the loader writes it.
type Batch struct {
	ID, RunID string
	Items     []BatchItem
}

// HubConfig sets the hub up.
type HubConfig struct {
	Bus     BusConfig
	Archive crawl.Archive // where the loader keeps bodies
	// LocalArchive says every worker puts bodies into Archive itself
	// (WorkerConfig.Archive, one process): the loader only checks that a
	// batch's bodies are there.
	LocalArchive bool
	// handoff, when set, holds the batches of the worker in this process
	// (RunLocal) as they were sent, so that the loader need not read and
	// decode them back from the bus.
	handoff *sync.Map
	Store   Store
	OnEvent func(Event)
	// FailFast makes a batch that cannot be written end the loader and
	// fail the runs in progress (touming crawl in one process: a full
	// disk stops the pass). Otherwise the batch is retried until it is
	// written (a hub waits out a locked warehouse).
	FailFast bool
}

// Hub starts runs, loads their batches into the warehouse (the one
// writer) and follows each site to the end of its run.
type Hub struct {
	cfg HubConfig
	bus *bus
	// smu serialises the Store's calls: DuckDB lets one process hold a
	// file either read-only or read-write, not both at once.
	smu  sync.Mutex
	mu   sync.Mutex
	runs map[string]*Run
	sub  *nats.Subscription
	done chan struct{}
	err  error
}

// NewHub binds the hub to the NATS connection and starts its loader,
// which runs until ctx ends.
func NewHub(ctx context.Context, nc *nats.Conn, cfg HubConfig) (*Hub, error) {
	b, err := openBus(ctx, nc, cfg.Bus, true)
	if err != nil {
		return nil, err
	}
	h := &Hub{cfg: cfg, bus: b, runs: map[string]*Run{}, done: make(chan struct{})}
	h.sub, err = nc.Subscribe(archiveFetch, h.serveArchive)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	cons, err := b.js.Consumer(ctx, noticeStream, loaderName)
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	go h.load(ctx, cons)
	return h, nil
}

// Done is closed when the loader stops; Err then says why.
func (h *Hub) Done() <-chan struct{} { return h.done }

// Err is the loader's error once Done is closed.
func (h *Hub) Err() error { return h.err }

func (h *Hub) event(e Event) {
	if h.cfg.OnEvent != nil {
		h.cfg.OnEvent(e)
	}
}

// serveArchive puts an archived body into the bodies bucket for a worker
// (the attachments of a report page that has not changed); an empty reply
// means it is there.
func (h *Hub) serveArchive(m *nats.Msg) {
	sha := string(m.Data)
	body, err := h.cfg.Archive.Get(sha)
	if err == nil {
		_, err = h.bus.bodies.PutBytes(context.Background(), "body/"+sha, body)
	}
	if err != nil {
		m.Respond([]byte(err.Error()))
		return
	}
	m.Respond(nil)
}

// siteDone records a finished site and, with the last one, the run.
func (h *Hub) siteDone(ctx context.Context, n Notice) error {
	state := StateDone
	if n.Error != "" {
		state = StateFailed
	}
	b, _ := json.Marshal(SiteState{State: state, Worker: n.Worker, Updated: time.Now().UTC(), Error: n.Error})
	if _, err := h.bus.states.Put(ctx, siteKey(n.RunID, n.Site), b); err != nil {
		return err
	}
	h.bus.checks.Delete(ctx, siteKey(n.RunID, n.Site))
	h.event(Event{What: "site " + state, RunID: n.RunID, Site: n.Site, Worker: n.Worker, Detail: n.Error})
	r := h.run(n.RunID)
	if r == nil {
		return nil
	}
	if r.siteDone(n) {
		return h.finishRun(ctx, r, "")
	}
	return nil
}

// failAll ends every run in progress as failed.
func (h *Hub) failAll(ctx context.Context, err error) {
	h.mu.Lock()
	runs := make([]*Run, 0, len(h.runs))
	for _, r := range h.runs {
		runs = append(runs, r)
	}
	h.mu.Unlock()
	for _, r := range runs {
		r.mu.Lock()
		r.err = err
		r.mu.Unlock()
		h.finishRun(context.WithoutCancel(ctx), r, touming.FinishFailed)
	}
}

func (h *Hub) run(id string) *Run {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.runs[id]
}
