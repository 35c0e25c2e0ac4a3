package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// siteRun is one site being crawled by a worker.
type siteRun struct {
	w    *Worker
	job  SiteJob
	cp   checkpoint
	mu   sync.Mutex          // guards verdicts
	seen map[string]bool     // final URLs of report pages that link attachments
	pics map[string][]string // a page's SHA-256 → its pictures' (to archive)
	vs   []Result            // extraction verdicts, for the summary
	held Bound               // the worker queue's room taken and not yet in a batch sent
}

// crawlSite crawls a site, sends its batches and then its site notice.
func (w *Worker) crawlSite(ctx context.Context, job SiteJob) (string, error) {
	sr := &siteRun{w: w, job: job, seen: map[string]bool{}, pics: map[string][]string{}}
	if err := sr.resume(ctx); err != nil {
		return "", err
	}
	cfg := w.cfg.Crawl
	if err := job.Crawl.Apply(&cfg); err != nil {
		return "", sr.finish(ctx, nil, nil, err)
	}
	ct := newCountingTransport(cfg.Transport)
	cfg.Transport, cfg.Cached, cfg.Admit = ct, sr.cached, w.queue.admit
	ex := w.cfg.Extract
	ex.Write, ex.OnResult, ex.Limit, ex.Hurry = sr.send, sr.verdict, w.limit, w.queue.full
	p := Start(ctx, ex, w.ex)
	w.queue.add(p)
	defer func() {
		w.queue.remove(p)
		sr.mu.Lock()
		w.queue.release(sr.held) // documents that never reached a batch
		sr.held = Bound{}
		sr.mu.Unlock()
	}()
	sum, err := crawl.Run(ctx, cfg, job.Site.Sources, sr.prior(), sr.handler(p))
	if cerr := p.Close(ctx); err == nil {
		err = cerr
	}
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	var abort error
	if err != nil {
		if errors.Is(err, errBus) {
			return "", err
		}
		abort = err // a source that cannot be crawled (a bad pattern)
	}
	sr.merge(&sum)
	h := ct.stats()
	if err := sr.finish(ctx, &sum, &h, abort); err != nil {
		return "", err
	}
	t := sum.Total()
	return fmt.Sprintf("%d pages, %d new, %d changed, %d unchanged, %d failed", t.Pages, t.New, t.Changed, t.Unchanged, t.Failed), nil
}

// errBus marks a failure to talk to the hub: the site is retried, not
// recorded as failed.
var errBus = errors.New("hub unreachable")

// resume reads the site's checkpoint and re-announces its last batch, which
// a crashed worker may have stored but not announced.
func (sr *siteRun) resume(ctx context.Context) error {
	e, err := sr.w.bus.checks.Get(ctx, siteKey(sr.job.RunID, sr.job.Site.Key))
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("%w: read checkpoint: %w", errBus, err)
	}
	if err := json.Unmarshal(e.Value(), &sr.cp); err != nil {
		return fmt.Errorf("read checkpoint of %s: %w", sr.job.Site.Key, err)
	}
	sr.w.event(Event{What: "site resumed", RunID: sr.job.RunID, Site: sr.job.Site.Key,
		Detail: fmt.Sprintf("%d documents already sent", len(sr.cp.Fetched))})
	if sr.cp.Last != "" {
		return sr.announce(ctx, Notice{Kind: noticeBatch, Batch: sr.cp.Last})
	}
	return nil
}

// prior is what the crawler compares against: the warehouse's documents
// for the site and those this site's earlier attempt already sent.
func (sr *siteRun) prior() map[string]touming.Document {
	m := map[string]touming.Document{}
	add := func(d touming.Document) {
		if d.SHA256 == "" {
			return
		}
		// As touming crawl always has: by URL and by final URL, the URL
		// winning, under the source's key and plain.
		for _, u := range []string{d.FinalURL, d.URL} {
			if u == "" {
				continue
			}
			for _, k := range []string{u, crawl.PriorKey(d.SourceID, u)} {
				if _, ok := m[k]; !ok || u == d.URL {
					m[k] = d
				}
			}
		}
	}
	for _, d := range sr.job.Prior {
		add(d)
	}
	for _, d := range sr.cp.Fetched {
		add(d)
	}
	return m
}

// handler stores each body in the hub's object store and queues the
// document for extraction; the crawler waits only while the queue is full.
func (sr *siteRun) handler(p *Pipeline) crawl.Handler {
	return func(ctx context.Context, f crawl.Fetched) (touming.Document, error) {
		d := f.Doc
		// Room in the worker's queue first: while it is full the body
		// waits here, and the host gets no more requests (Config.Admit).
		held := Bound{Items: 1, Bytes: int64(len(f.Body))}
		for _, b := range f.Pictures {
			held.Bytes += int64(len(b))
		}
		if err := sr.w.queue.acquire(ctx, held.Bytes); err != nil {
			return d, err
		}
		sr.mu.Lock()
		sr.held.Items, sr.held.Bytes = sr.held.Items+1, sr.held.Bytes+held.Bytes
		sr.mu.Unlock()
		if f.Body != nil {
			if err := sr.keep(ctx, f); err != nil {
				return d, err
			}
		}
		if err := p.Submit(ctx, Job{Document: d, Body: f.Body, Change: f.Change, Images: f.Pictures, held: held}); err != nil {
			return d, err
		}
		// The verdict comes later (verdict); the crawler counts none now.
		d.Status = ""
		return d, nil
	}
}

// keep stores a fetched body and its page's pictures (its tables, for
// OCR) for the hub's archive, and notes a page that links attachments.
func (sr *siteRun) keep(ctx context.Context, f crawl.Fetched) error {
	d := f.Doc
	if err := sr.putBody(ctx, d.SHA256, f.Body); err != nil {
		return err
	}
	for _, b := range f.Pictures {
		sum := sha256.Sum256(b)
		sha := hex.EncodeToString(sum[:])
		if err := sr.putBody(ctx, sha, b); err != nil {
			return err
		}
		sr.mu.Lock()
		sr.pics[d.SHA256] = append(sr.pics[d.SHA256], sha)
		sr.mu.Unlock()
	}
	if f.LinksAttachments {
		sr.mu.Lock()
		sr.seen[d.FinalURL] = true
		sr.mu.Unlock()
	}
	return nil
}

func (sr *siteRun) putBody(ctx context.Context, sha string, body []byte) error {
	if a := sr.w.cfg.Archive; a != nil {
		if _, err := a.Put(body); err != nil {
			return fmt.Errorf("%w: %w", errBus, err)
		}
		return nil
	}
	name := "body/" + sha
	if _, err := sr.w.bus.bodies.GetInfo(ctx, name); err == nil {
		return nil
	}
	if _, err := sr.w.bus.bodies.PutBytes(ctx, name, body); err != nil {
		return fmt.Errorf("%w: store body %s: %w", errBus, sha, err)
	}
	return nil
}

// cached gets an archived body from the hub, for the attachments of a
// report page that has not changed.
func (sr *siteRun) cached(sha string) ([]byte, error) {
	if a := sr.w.cfg.Archive; a != nil {
		return a.Get(sha)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := "body/" + sha
	if b, err := sr.w.bus.bodies.GetBytes(ctx, name); err == nil {
		return b, nil
	}
	reply, err := sr.w.bus.nc.RequestWithContext(ctx, archiveFetch, []byte(sha))
	if err != nil {
		return nil, fmt.Errorf("ask the hub for %s: %w", sha, err)
	}
	if len(reply.Data) > 0 {
		return nil, fmt.Errorf("hub: %s", reply.Data)
	}
	return sr.w.bus.bodies.GetBytes(ctx, name)
}

// verdict keeps each extraction's outcome for the site's summary.
func (sr *siteRun) verdict(r Result) {
	if sr.w.cfg.OnResult != nil {
		sr.w.cfg.OnResult(r)
	}
	if !r.Extracted {
		return
	}
	sr.mu.Lock()
	sr.vs = append(sr.vs, r)
	sr.mu.Unlock()
}

// merge adds the extraction verdicts to the crawler's summary, as the
// crawler counted them when it extracted in line: a failed document counts
// as failed, and a document without a report is listed, except a page
// without tables whose report is in the attachments it links.
func (sr *siteRun) merge(sum *touming.CrawlSummary) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	idx := map[string]int{}
	for i, s := range sum.Sources {
		idx[s.SourceID] = i
	}
	for _, r := range sr.vs {
		d := r.Document
		if i, ok := idx[d.SourceID]; ok && d.Status == touming.StatusFailed {
			sum.Sources[i].Failed++
		}
		withheld := sr.seen[d.FinalURL] && (d.Status == touming.StatusNoTables || d.Status == touming.StatusNotReport)
		read := d.Status == touming.StatusOK || d.Status == touming.StatusOCRVerified // ocr_review is listed: a person checks it
		if !read && !withheld {
			sum.Failures = append(sum.Failures, touming.CrawlFailure{SourceID: d.SourceID, URL: d.FinalURL, Reason: d.Status + ": " + d.Error})
		}
	}
}
