package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/sync/errgroup"
)

// archiveWidth is how many bodies of a batch are archived at once.
const archiveWidth = 4

// loading is a notice taken by the loader, prepared in the background.
type loading struct {
	msg   jetstream.Msg
	n     Notice
	bad   bool        // not a notice: dropped
	items []BatchItem // a batch's, once prepared
	gone  bool        // the batch was loaded and deleted before (a repeated notice)
	err   error
	done  chan struct{}
}

// load takes notices in order and applies them one at a time (the loader
// is the warehouse's one writer), preparing the next few meanwhile; the
// batches ready together are written in one go when the store can
// (BatchesWriter). A batch that cannot be written fails the runs
// (FailFast) or is retried in place until it is written, so that no
// notice overtakes another.
func (h *Hub) load(ctx context.Context, cons jetstream.Consumer) {
	defer close(h.done)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan *loading, loadAhead)
	go h.take(fctx, cons, ready)
	var carry *loading
	for {
		group, next, ok := gather(ready, carry)
		if !ok {
			return
		}
		carry = next
		group, err := h.applyAll(ctx, group)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			for _, l := range append(group, carry) {
				if l != nil {
					l.msg.Nak() // the next loader takes them at once, and those after
				}
			}
			for l := range ready {
				<-l.done
				l.msg.Nak()
			}
			return
		}
		// FailFast: the batch and all after it are listed as not stored,
		// and crawled again next time.
		h.err = err
		stop()
		group[0].msg.Ack() // its documents are listed already
		for _, l := range append(group[1:], carry) {
			if l != nil {
				h.lost(ctx, l, err)
			}
		}
		for l := range ready {
			<-l.done
			h.lost(ctx, l, err)
		}
		h.drain(ctx, cons, err)
		h.failAll(ctx, err)
		return
	}
}

// applyAll applies a group, acknowledging each notice applied; outside
// FailFast a failure is retried in place until ctx ends. The error is the
// first notice's that could not be applied, with what is left of the group
// from it on.
func (h *Hub) applyAll(ctx context.Context, group []*loading) ([]*loading, error) {
	for len(group) > 0 {
		n, err := h.apply(ctx, group)
		for _, l := range group[:n] {
			l.msg.Ack()
		}
		group = group[n:]
		if err == nil {
			continue
		}
		h.event(Event{What: "load failed", Detail: err.Error()})
		if h.cfg.FailFast || ctx.Err() != nil {
			return group, err
		}
		group[0].msg.InProgress()
		sleep(ctx, 2*time.Second)
		if !group[0].batch() {
			h.prepare(ctx, group[0])
		}
	}
	return nil, nil
}

// take fetches notices and starts preparing each, until ctx ends; ready
// holds them in the order they came.
func (h *Hub) take(ctx context.Context, cons jetstream.Consumer, ready chan<- *loading) {
	defer close(ready)
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
		l := &loading{msg: msg, done: make(chan struct{})}
		go func() {
			defer close(l.done)
			// A bus request that timed out on a busy machine is tried
			// again before it counts as the batch's failure.
			for try := 0; ; try++ {
				if h.prepare(ctx, l); l.err == nil || try == 2 || ctx.Err() != nil {
					return
				}
				sleep(ctx, time.Second)
			}
		}()
		select {
		case ready <- l:
		case <-ctx.Done():
			<-l.done
			msg.Nak()
			return
		}
	}
}

// prepare decodes a notice and, for a batch, reads it and archives its
// bodies.
func (h *Hub) prepare(ctx context.Context, l *loading) {
	l.err = nil
	if err := json.Unmarshal(l.msg.Data(), &l.n); err != nil {
		l.bad = true
		return
	}
	if l.n.Kind != noticeBatch {
		return
	}
	if h.cfg.handoff != nil {
		if v, ok := h.cfg.handoff.Load(l.n.Batch); ok {
			l.items = v.([]BatchItem)
			l.err = h.archiveAll(ctx, l.items)
			return
		}
	}
	data, err := h.bus.batch.GetBytes(ctx, l.n.Batch)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		l.gone = true // deleted after it was loaded: a repeated notice
		return
	}
	if err == nil {
		l.items = nil
		err = json.Unmarshal(data, &l.items)
	}
	if err == nil {
		err = h.archiveAll(ctx, l.items)
	}
	if err != nil {
		l.err = fmt.Errorf("batch %s: %w", l.n.Batch, err)
	}
}

// archiveAll archives the bodies and pictures of a batch's documents, a few
// at once, before the batch is written (a stored document's body is always
// in the archive).
func (h *Hub) archiveAll(ctx context.Context, items []BatchItem) error {
	var g errgroup.Group
	g.SetLimit(archiveWidth)
	seen := map[string]bool{} // two documents of one body: archived once
	for _, it := range items {
		for _, sha := range append([]string{it.Document.SHA256}, it.Pictures...) {
			if sha != "" && !seen[sha] {
				seen[sha] = true
				g.Go(func() error { return h.archive(ctx, sha) })
			}
		}
	}
	return g.Wait()
}

// archive moves a body from the bodies bucket to the archive.
func (h *Hub) archive(ctx context.Context, sha string) error {
	if h.cfg.Archive.Has(sha) {
		if !h.cfg.LocalArchive {
			h.bus.bodies.Delete(ctx, "body/"+sha)
		}
		return nil
	}
	body, err := h.bus.bodies.GetBytes(ctx, "body/"+sha)
	if err != nil {
		if h.cfg.Archive.Has(sha) {
			return nil // the next batch's body too, archived meanwhile
		}
		return fmt.Errorf("body %s: %w", sha, err)
	}
	if _, err := h.cfg.Archive.Put(body); err != nil {
		return err
	}
	h.bus.bodies.Delete(ctx, "body/"+sha)
	return nil
}

// lost lists the documents of a notice taken but not applied after a
// batch failed (FailFast) as not stored, and drops its batch.
func (h *Hub) lost(ctx context.Context, l *loading, cause error) {
	if !l.bad && !l.gone && l.n.Kind == noticeBatch {
		if r := h.run(l.n.RunID); r != nil && l.items != nil {
			r.notStored(l.items, cause)
		}
		h.dropBatch(ctx, l.n.Batch)
	}
	l.msg.Ack()
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
					h.dropBatch(ctx, n.Batch)
				}
			}
		}
		msg.Ack()
	}
}

// dropBatch deletes a batch written or given up and tells the workers, so
// that their queues make room.
func (h *Hub) dropBatch(ctx context.Context, id string) {
	if h.cfg.handoff != nil {
		h.cfg.handoff.Delete(id)
	}
	h.bus.batch.Delete(ctx, id)
	h.bus.nc.Publish(writtenSubject, []byte(id))
}
