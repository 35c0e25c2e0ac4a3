package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

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

// HubConfig sets the hub up.
type HubConfig struct {
	Bus     BusConfig
	Archive crawl.Archive // where the loader keeps bodies
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

// load takes notices one at a time: the loader is the warehouse's one
// writer. A notice whose batch cannot be written is retried.
func (h *Hub) load(ctx context.Context, cons jetstream.Consumer) {
	defer close(h.done)
	for ctx.Err() == nil {
		msg, err := fetchOne(ctx, cons)
		if err != nil {
			h.event(Event{What: "loader fetch failed", Detail: err.Error()})
			sleep(ctx, time.Second)
			continue
		}
		if msg == nil {
			continue
		}
		if err := h.notice(ctx, msg.Data()); err != nil {
			if ctx.Err() != nil {
				msg.Nak() // the next loader takes it at once
				return
			}
			h.event(Event{What: "load failed", Detail: err.Error()})
			if h.cfg.FailFast {
				h.err = err
				msg.Ack() // listed as not stored, and crawled again next time
				h.drain(ctx, cons, err)
				h.failAll(ctx, err)
				return
			}
			msg.NakWithDelay(2 * time.Second)
			continue
		}
		msg.Ack()
	}
}

func (h *Hub) notice(ctx context.Context, data []byte) error {
	var n Notice
	if err := json.Unmarshal(data, &n); err != nil {
		return nil // not ours to retry: dropped
	}
	switch n.Kind {
	case noticeBatch:
		return h.loadBatch(ctx, n)
	case noticeSite:
		return h.siteDone(ctx, n)
	}
	return nil
}

// loadBatch archives the batch's bodies and writes it once.
func (h *Hub) loadBatch(ctx context.Context, n Notice) error {
	data, err := h.bus.batch.GetBytes(ctx, n.Batch)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil // deleted after it was loaded: a repeated notice
	}
	if err != nil {
		return fmt.Errorf("batch %s: %w", n.Batch, err)
	}
	var items []BatchItem
	if err := json.Unmarshal(data, &items); err != nil {
		return fmt.Errorf("batch %s: %w", n.Batch, err)
	}
	for _, it := range items {
		for _, sha := range append([]string{it.Document.SHA256}, it.Pictures...) {
			if err := h.archive(ctx, sha); err != nil {
				return fmt.Errorf("batch %s: %w", n.Batch, err)
			}
		}
	}
	h.smu.Lock()
	loaded, err := h.cfg.Store.WriteBatch(ctx, n.Batch, n.RunID, items)
	h.smu.Unlock()
	if err != nil {
		if r := h.run(n.RunID); r != nil {
			r.notStored(items, err)
		}
		return err
	}
	h.bus.batch.Delete(ctx, n.Batch)
	h.event(Event{What: "batch loaded", RunID: n.RunID, Site: n.Site, Worker: n.Worker,
		Detail: fmt.Sprintf("%s: %d documents, new %v", n.Batch, len(items), loaded)})
	if r := h.run(n.RunID); r != nil {
		r.addBatch(items, loaded)
	}
	return nil
}

// archive moves a body from the bodies bucket to the archive.
func (h *Hub) archive(ctx context.Context, sha string) error {
	if sha == "" {
		return nil
	}
	if _, err := h.cfg.Archive.Get(sha); err == nil {
		h.bus.bodies.Delete(ctx, "body/"+sha)
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	body, err := h.bus.bodies.GetBytes(ctx, "body/"+sha)
	if err != nil {
		return fmt.Errorf("body %s: %w", sha, err)
	}
	if _, err := h.cfg.Archive.Put(body); err != nil {
		return err
	}
	h.bus.bodies.Delete(ctx, "body/"+sha)
	return nil
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

// drain takes the notices left after a batch failed (FailFast) and lists
// their documents as not stored: the summary counts only what the
// warehouse holds, and the next pass fetches the rest again.
func (h *Hub) drain(ctx context.Context, cons jetstream.Consumer, cause error) {
	for ctx.Err() == nil {
		msg, err := fetchOne(ctx, cons)
		if err != nil || msg == nil {
			return
		}
		var n Notice
		if json.Unmarshal(msg.Data(), &n) == nil && n.Kind == noticeBatch {
			if r := h.run(n.RunID); r != nil {
				if data, err := h.bus.batch.GetBytes(ctx, n.Batch); err == nil {
					var items []BatchItem
					if json.Unmarshal(data, &items) == nil {
						r.notStored(items, cause)
					}
					h.bus.batch.Delete(ctx, n.Batch)
				}
			}
		}
		msg.Ack()
	}
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
