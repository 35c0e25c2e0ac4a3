package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/touming/touming/crawl"
)

// WorkerConfig sets a worker up.
type WorkerConfig struct {
	// Name identifies the worker in site states and logs; empty means the
	// host name and process id.
	Name string
	// Sites is how many sites it crawls at once; 0 means 256.
	Sites int
	// Extract configures each site's pipeline; Workers bounds the worker's
	// extractions at once across all its sites (0: one per core), and a
	// zero FlushAfter means DefaultFlushAfter (negative: only full batches
	// are sent, and a site's last).
	Extract Config
	// Crawl is the base crawl configuration: its function fields (the
	// Transport, Progress) are the worker's, its plain fields are replaced
	// by the run's.
	Crawl crawl.Config
	// OnEvent, when set, is told what the worker does (for logs).
	OnEvent func(Event)
	// OnResult, when set, sees each document as extracted (for logs).
	OnResult func(Result)
	// Archive, when set, is the hub's own archive, reachable from this
	// worker (one process: touming crawl): bodies are put there as they
	// are fetched instead of travelling through the bus, which cost the
	// loader four bus requests per body and made it what a crawl of 120
	// hosts waited for.
	Archive *crawl.Archive
	// Queue bounds what the worker has fetched and the hub not yet
	// written, in documents and bytes; zero fields mean DefaultQueueItems
	// and DefaultQueueBytes.
	Queue   Bound
	handoff *sync.Map // HubConfig.handoff
}

// DefaultFlushAfter is how long a site's documents wait for its batch to
// fill before they are sent anyway: at a request a second a batch of 20
// fills near a site's end, so at 120 hosts every site's first batch was
// ready at the end of the fetch and the writes came all after it. Sent
// every few seconds, they are written while the fetch goes on (the hub's
// loader writes the batches ready together in one transaction).
const DefaultFlushAfter = 5 * time.Second

// Event is something a worker or the hub did, for the command's log.
type Event struct {
	What   string // "site leased", "site done", "site failed", "batch", "run finished", …
	RunID  string
	Site   string
	Worker string
	Detail string
}

// Worker takes site jobs from the hub and sends back batches of results.
type Worker struct {
	cfg   WorkerConfig
	bus   *bus
	ex    Extractor
	limit chan struct{}
	queue *queue
	lease time.Duration // the hub's lease time of a site job
}

// NewWorker binds a worker to the hub behind nc.
func NewWorker(ctx context.Context, nc *nats.Conn, cfg WorkerConfig, ex Extractor) (*Worker, error) {
	if cfg.Name == "" {
		host, _ := os.Hostname()
		cfg.Name = fmt.Sprintf("%s-%d", host, os.Getpid())
	}
	if cfg.Sites <= 0 {
		cfg.Sites = 256
	}
	cores := cfg.Extract.Workers
	if cores <= 0 {
		cores = runtime.GOMAXPROCS(0)
	}
	cfg.Extract.Workers = cores
	if cfg.Extract.FlushAfter == 0 {
		cfg.Extract.FlushAfter = DefaultFlushAfter
	}
	b, err := openBus(ctx, nc, BusConfig{}, false)
	if err != nil {
		return nil, err
	}
	w := &Worker{cfg: cfg, bus: b, ex: ex, limit: make(chan struct{}, cores)}
	w.queue = newQueue(cfg.Queue, func(ctx context.Context, id string) bool {
		_, err := b.batch.GetInfo(ctx, id)
		return errors.Is(err, jetstream.ErrObjectNotFound)
	})
	// The hub says which batches it has written: their room is freed.
	if _, err := nc.Subscribe(writtenSubject, func(m *nats.Msg) { w.queue.written(string(m.Data)) }); err != nil {
		return nil, fmt.Errorf("worker %s: %w", cfg.Name, err)
	}
	return w, nil
}

// QueueHighWater is the most the worker's queue held at once.
func (w *Worker) QueueHighWater() Bound { return w.queue.highWater() }

// Run takes site jobs until ctx ends. A site in hand when ctx ends is not
// acknowledged: the hub hands it to another worker after its lease runs
// out, and that worker resumes from the checkpoint.
func (w *Worker) Run(ctx context.Context) error {
	cons, err := w.bus.js.Consumer(ctx, sitesStream, workersName)
	for err != nil && errors.Is(err, jetstream.ErrConsumerNotFound) && ctx.Err() == nil {
		sleep(ctx, time.Second) // the hub has not set up its queue yet
		cons, err = w.bus.js.Consumer(ctx, sitesStream, workersName)
	}
	if err != nil {
		return fmt.Errorf("worker %s: %w", w.cfg.Name, err)
	}
	w.lease = cons.CachedInfo().Config.AckWait
	slots := make(chan struct{}, w.cfg.Sites)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		msg, err := fetchOne(ctx, cons)
		if err != nil || msg == nil {
			<-slots
			if err != nil && ctx.Err() == nil {
				w.event(Event{What: "fetch failed", Detail: err.Error()})
				sleep(ctx, time.Second)
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			w.site(ctx, msg)
		}()
	}
	return nil
}

// fetchOne waits up to a second for one message (a site job, or a notice
// for the loader), or until ctx ends: the end of a crawl stops the worker
// and then the loader, and each waiting out its fetch made every
// `touming crawl` a second or two longer. A message that arrives after ctx
// ended is handed back (Nak) for the next taker.
func fetchOne(ctx context.Context, cons jetstream.Consumer) (jetstream.Msg, error) {
	b, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
	if err != nil {
		return nil, err
	}
	select {
	case m, ok := <-b.Messages():
		if ok {
			return m, nil
		}
	case <-ctx.Done():
		go func() {
			for m := range b.Messages() {
				m.Nak()
			}
		}()
		return nil, nil
	}
	if err := b.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
		return nil, err
	}
	return nil, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (w *Worker) event(e Event) {
	e.Worker = w.cfg.Name
	if w.cfg.OnEvent != nil {
		w.cfg.OnEvent(e)
	}
}

// site crawls one site job and acknowledges it when its results are sent.
func (w *Worker) site(ctx context.Context, msg jetstream.Msg) {
	var job SiteJob
	if err := json.Unmarshal(msg.Data(), &job); err != nil {
		w.event(Event{What: "site failed", Detail: "bad job: " + err.Error()})
		msg.Term()
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go w.heartbeat(ctx, cancel, msg)
	w.setState(ctx, job, StateLeased, "")
	w.event(Event{What: "site leased", RunID: job.RunID, Site: job.Site.Key})
	n, err := w.crawlSite(ctx, job)
	if ctx.Err() != nil {
		return // killed or lost the lease: left for redelivery
	}
	if err != nil {
		// The bus failed under us: let another worker try.
		w.event(Event{What: "site interrupted", RunID: job.RunID, Site: job.Site.Key, Detail: err.Error()})
		msg.Nak()
		return
	}
	if err := msg.DoubleAck(ctx); err != nil {
		w.event(Event{What: "ack failed", RunID: job.RunID, Site: job.Site.Key, Detail: err.Error()})
		return
	}
	w.event(Event{What: "site done", RunID: job.RunID, Site: job.Site.Key, Detail: n})
}

// heartbeat renews the lease while the site is crawled; a lease that
// cannot be renewed stops the crawl, so that no two workers crawl one host.
func (w *Worker) heartbeat(ctx context.Context, cancel context.CancelFunc, msg jetstream.Msg) {
	every := w.ackWait() / 3
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := msg.InProgress(); err != nil {
				cancel()
				return
			}
		}
	}
}

func (w *Worker) ackWait() time.Duration {
	if w.lease > 0 {
		return w.lease
	}
	return time.Minute
}

func (w *Worker) setState(ctx context.Context, job SiteJob, state, reason string) {
	b, _ := json.Marshal(SiteState{State: state, Worker: w.cfg.Name, Updated: time.Now().UTC(), Error: reason})
	w.bus.states.Put(ctx, siteKey(job.RunID, job.Site.Key), b)
}
