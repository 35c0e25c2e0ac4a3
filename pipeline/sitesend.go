package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/touming/touming"
)

// send is the site pipeline's writer: it stores the batch as an object,
// records it in the checkpoint and then announces it to the loader. A
// crash between the steps loses nothing: a batch stored but not in the
// checkpoint is sent again under the same id, one in the checkpoint but not
// announced is announced on resume, and the loader loads an id once.
func (sr *siteRun) send(ctx context.Context, rs []Result) error {
	id := fmt.Sprintf("%s.%s.%06d", token(sr.job.RunID), token(sr.job.Site.Key), sr.cp.NextSeq)
	items := make([]BatchItem, len(rs))
	for i, r := range rs {
		items[i] = BatchItem{Document: r.Document, Report: r.Report, Change: r.Change}
		sr.mu.Lock()
		items[i].Pictures = sr.pics[r.Document.SHA256]
		sr.mu.Unlock()
	}
	data, err := json.Marshal(items)
	if err != nil {
		return fmt.Errorf("encode batch %s: %w", id, err)
	}
	if err := retryBus(ctx, func() error { _, err := sr.w.bus.batch.PutBytes(ctx, id, data); return err }); err != nil {
		return fmt.Errorf("%w: store batch %s: %w", errBus, id, err)
	}
	sr.cp.NextSeq++
	sr.cp.Last = id
	for _, r := range rs {
		if r.Document.SHA256 != "" {
			sr.cp.Fetched = append(sr.cp.Fetched, r.Document)
		}
	}
	cp, err := json.Marshal(sr.cp)
	if err != nil {
		return fmt.Errorf("encode checkpoint: %w", err)
	}
	key := siteKey(sr.job.RunID, sr.job.Site.Key)
	if err := retryBus(ctx, func() error { _, err := sr.w.bus.checks.Put(ctx, key, cp); return err }); err != nil {
		return fmt.Errorf("%w: checkpoint %s: %w", errBus, sr.job.Site.Key, err)
	}
	sr.w.event(Event{What: "batch", RunID: sr.job.RunID, Site: sr.job.Site.Key, Detail: fmt.Sprintf("%s, %d documents", id, len(rs))})
	// The batch's room in the queue is freed when the hub has written it.
	var b Bound
	for _, r := range rs {
		b.Items, b.Bytes = b.Items+r.held.Items, b.Bytes+r.held.Bytes
	}
	sr.mu.Lock()
	sr.held.Items, sr.held.Bytes = sr.held.Items-b.Items, sr.held.Bytes-b.Bytes
	sr.mu.Unlock()
	sr.w.queue.sentBatch(id, b)
	if sr.w.cfg.handoff != nil {
		sr.w.cfg.handoff.Store(id, items)
	}
	return sr.announce(ctx, Notice{Kind: noticeBatch, Batch: id})
}

// announce publishes a notice to the loader and waits for the stream to
// keep it.
func (sr *siteRun) announce(ctx context.Context, n Notice) error {
	n.RunID, n.Site, n.Worker = sr.job.RunID, sr.job.Site.Key, sr.w.cfg.Name
	data, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("encode notice: %w", err)
	}
	subject := noticeSubject + "." + token(sr.job.RunID)
	if err := retryBus(ctx, func() error { _, err := sr.w.bus.js.Publish(ctx, subject, data); return err }); err != nil {
		return fmt.Errorf("%w: announce %s: %w", errBus, n.Kind, err)
	}
	return nil
}

// finish tells the loader the site is done, with its figures; abort is
// the reason a site could not be crawled at all.
func (sr *siteRun) finish(ctx context.Context, sum *touming.CrawlSummary, h *touming.HTTPStats, abort error) error {
	n := Notice{Kind: noticeSite, Summary: sum, HTTP: h}
	if abort != nil {
		n.Error = abort.Error()
	}
	return sr.announce(ctx, n)
}

// busTries is how many times a worker makes a bus request of a batch before
// it gives the site up. At 120 hosts on a loaded machine, the batches every
// site sent at once timed out (the bus's 5 s), and each site so given up was
// crawled again from its checkpoint, every page requested a second time.
// Each step is safe to repeat: a batch is stored under its id, a checkpoint
// replaced, and the loader loads an id once.
const busTries = 3

// retryBus runs op until it succeeds, busTries times at most, a second
// apart, and returns its last error (at once after the last try).
func retryBus(ctx context.Context, op func() error) error {
	err := op()
	for try := 1; try < busTries && err != nil && ctx.Err() == nil; try++ {
		sleep(ctx, time.Second)
		err = op()
	}
	return err
}
