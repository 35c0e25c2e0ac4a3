// Package pipeline is the one path from a fetched or read document to the
// warehouse, shared by touming crawl, load and reextract: jobs are
// extracted on a pool of workers (one per core by default), each under a
// time limit and with a reader's panic recorded as that document's
// failure, and the results are handed to a single writer in batches, in
// the order the jobs were submitted.
//
// Submit blocks only while the window of jobs in flight is full, so a
// fetcher never waits on extraction beyond that bounded queue, and memory
// holds at most a window of bodies.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// Extractor reads one document; *extract.Extractor is one.
type Extractor interface {
	Extract(in extract.Input) (*touming.Report, error)
}

// Job is one document to extract. A job whose Document already has a
// Status (a fetch that failed) or that has no Body is passed through to the
// writer as it is.
type Job struct {
	Document touming.Document
	Body     []byte
	// Name is what errors name (a path or URL); empty means the final URL,
	// then the URL.
	Name string
	// Images are the page's pictures by src, for OCR (extract.Input.Images).
	Images map[string][]byte
	// Change is how a crawled document compares with the stored one.
	Change touming.Change
	held   Bound // its room in the worker's queue
}

// Result is a job extracted: its Document with Status and Error set, and
// the Report, nil when there is none.
type Result struct {
	Document touming.Document
	Report   *touming.Report
	Change   touming.Change // the job's
	// Extracted is true when this pipeline read the body (false for a job
	// passed through with its status).
	Extracted bool
	// Elapsed is the time extraction took.
	Elapsed time.Duration
	// canceled: the pipeline stopped before the document was read.
	canceled bool
	held     Bound // the job's
}

// Config sets a pipeline up.
type Config struct {
	// Workers is the number of extractions run at once; 0 means one per
	// core the process may use (GOMAXPROCS).
	Workers int
	// Timeout bounds one document's extraction; 0 means 5 minutes. A
	// document past it is recorded as failed and its reader left to
	// finish in the background (readers take no context).
	Timeout time.Duration
	// Window is how many jobs may be submitted and not yet written; 0
	// means 4 per worker. Submit blocks while it is full.
	Window int
	// Batch is how many results are written at a time; 0 means 20.
	Batch int
	// Write stores one batch; it is called from one goroutine at a time.
	// Its error stops the pipeline. (Writing on a goroutine of its own
	// while the next batch was extracted made reextract slower, 65-78 s
	// against 52-57 s for 3,000 documents: the write, DuckDB's, is what it
	// waits for, and extraction beside it only took its cores. WriteCore
	// keeps it one.)
	Write func(ctx context.Context, batch []Result) error
	// OnResult, when set, sees every result in order, before it is
	// written (logging, counts).
	OnResult func(Result)
	// Limit, when set, is a pool of tokens shared by several pipelines
	// (the sites a worker crawls at once): an extraction holds one, so
	// that together they use no more than its capacity of cores.
	Limit chan struct{}
	// Hurry, when set and true, makes each result written at once rather
	// than held for a full batch (the worker's queue is full: what is held
	// here may be what a fetch waits for).
	Hurry func() bool
	// WriteCore, when true, keeps one worker's core for a write while it
	// runs (cores.go): the extractions going on meanwhile (a Window as
	// large as Batch lets the next batch be read) share the others, so
	// that they fill what the write leaves idle instead of slowing it, the
	// writes being the chain every batch waits on. With one worker
	// extraction pauses during a write, as it does without WriteCore.
	WriteCore bool
	// FlushAfter, when positive, writes the results held once the first
	// of them has waited this long, though the batch is not full. A
	// crawled site yields about a document a second, so its batch of 20
	// fills near the end of its column; without this every site's first
	// batch was ready at the end of the fetch and all the writes came
	// after it.
	FlushAfter time.Duration
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0) // the cores this process may use (a container's quota), not the machine's
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Minute
	}
	if c.Window <= 0 {
		c.Window = 4 * c.Workers
	}
	if c.Batch <= 0 {
		c.Batch = 20
	}
	return c
}

// Pipeline is a running pool; Start makes one, Close ends it.
type Pipeline struct {
	cfg     Config
	ex      Extractor
	ctx     context.Context
	cancel  context.CancelFunc
	slots   chan struct{} // a token per job in flight
	cores   chan struct{} // with WriteCore, a token per worker's core; nil: none
	jobs    chan seqJob
	results chan seqResult
	workers sync.WaitGroup
	done    chan struct{} // closed when the writer goroutine ends
	nudge   chan struct{} // asks the writer goroutine to write what it holds
	mu      sync.Mutex    // guards next, closed
	next    int
	closed  bool
	errMu   sync.Mutex
	err     error
	pending []Result         // results not yet written; collect's
	due     <-chan time.Time // fires when pending has waited FlushAfter; nil: not armed
}

type seqJob struct {
	seq int
	job Job
}

type seqResult struct {
	seq int
	res Result
}

// Start starts the workers and the writer. ctx bounds extraction and
// writes; Close flushes with its own context.
func Start(ctx context.Context, cfg Config, ex Extractor) *Pipeline {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	p := &Pipeline{cfg: cfg, ex: ex, ctx: ctx, cancel: cancel,
		slots: make(chan struct{}, cfg.Window), jobs: make(chan seqJob, cfg.Window),
		results: make(chan seqResult, cfg.Window), done: make(chan struct{}), nudge: make(chan struct{}, 1)}
	if cfg.WriteCore {
		p.cores = make(chan struct{}, cfg.Workers)
	}
	for range cfg.Workers {
		p.workers.Add(1)
		go p.work()
	}
	go p.collect()
	return p
}

// Submit queues a job, blocking while the window is full. It fails once
// the pipeline has failed (a write error) or ctx ends.
func (p *Pipeline) Submit(ctx context.Context, j Job) error {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.ctx.Done():
		return p.failure()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		<-p.slots
		return errors.New("pipeline: submit after close")
	}
	if err := p.Err(); err != nil {
		<-p.slots
		return err
	}
	p.jobs <- seqJob{seq: p.next, job: j} // never blocks: a slot is held
	p.next++
	return nil
}

// Err is the error that stopped the pipeline, or nil.
func (p *Pipeline) Err() error {
	p.errMu.Lock()
	defer p.errMu.Unlock()
	return p.err
}

func (p *Pipeline) failure() error {
	if err := p.Err(); err != nil {
		return err
	}
	return p.ctx.Err()
}

func (p *Pipeline) setErr(err error) {
	p.errMu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.errMu.Unlock()
	p.cancel()
}

// Close waits for the jobs submitted, writes the last batch with ctx (which
// may outlive the pipeline's own, so that an interrupted crawl keeps what
// it fetched) and returns the first error.
func (p *Pipeline) Close(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
	p.mu.Unlock()
	p.workers.Wait()
	close(p.results)
	<-p.done
	if err := p.Err(); err != nil {
		p.cancel()
		return err
	}
	err := p.flush(ctx)
	p.cancel()
	return err
}

// work extracts jobs until there are no more.
func (p *Pipeline) work() {
	defer p.workers.Done()
	for sj := range p.jobs {
		r := p.extract(sj.job)
		r.held = sj.job.held
		p.results <- seqResult{seq: sj.seq, res: r}
	}
}

// hurry asks collect to write the results it holds now.
func (p *Pipeline) hurry() {
	select {
	case p.nudge <- struct{}{}:
	default:
	}
}

// collect puts results back in submission order and writes them a batch
// at a time; after a failure it only drains, so that Submit never hangs.
func (p *Pipeline) collect() {
	defer close(p.done)
	held := map[int]Result{}
	next := 0
	for {
		var sr seqResult
		select {
		case r, ok := <-p.results:
			if !ok {
				return
			}
			sr = r
		case <-p.nudge:
			p.handoff()
			continue
		case <-p.due:
			p.handoff()
			continue
		}
		held[sr.seq] = sr.res
		for {
			r, ok := held[next]
			if !ok {
				break
			}
			delete(held, next)
			next++
			<-p.slots
			p.emit(r)
		}
	}
}

// emit hands one result on, writing the batch when it is full.
func (p *Pipeline) emit(r Result) {
	if p.Err() != nil || r.canceled {
		return
	}
	if p.cfg.OnResult != nil {
		p.cfg.OnResult(r)
	}
	p.pending = append(p.pending, r)
	if len(p.pending) == 1 && p.cfg.FlushAfter > 0 {
		p.due = time.After(p.cfg.FlushAfter)
	}
	if len(p.pending) >= p.cfg.Batch || (p.cfg.Hurry != nil && p.cfg.Hurry()) {
		p.handoff()
	}
}

// handoff writes the results held. Once the pipeline's context has ended
// they stay held, for Close to write with its own.
func (p *Pipeline) handoff() {
	if p.Err() != nil || len(p.pending) == 0 || p.ctx.Err() != nil {
		return
	}
	p.due = nil
	if err := p.flush(p.ctx); err != nil {
		p.setErr(err)
	}
}

func (p *Pipeline) flush(ctx context.Context) error {
	if len(p.pending) == 0 || p.cfg.Write == nil {
		p.pending = nil
		return nil
	}
	release := reserve(p.cores)
	err := p.cfg.Write(ctx, p.pending)
	release()
	if err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	p.pending = nil // Write may keep the slice
	return nil
}
