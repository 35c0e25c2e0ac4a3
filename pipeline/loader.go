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

// loadAhead is how many notices the loader prepares (reads the batch,
// decodes it, archives its bodies) while it writes the one before: at
// 120 hosts, preparing a batch after writing the last one, one body synced
// after another, made the loader, not the hosts, what the crawl waited for.
const loadAhead = 16

// maxGroup is the most batches written in one go.
const maxGroup = 16

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

// gather takes the next notice (carry, or the next one ready) and, when it
// is a batch, the batches prepared right after it, up to the first notice
// that is not one (returned as next).
func gather(ready <-chan *loading, carry *loading) (group []*loading, next *loading, ok bool) {
	l := carry
	if l == nil {
		if l, ok = <-ready; !ok {
			return nil, nil, false
		}
	}
	<-l.done
	group = []*loading{l}
	for l.batch() && len(group) < maxGroup {
		select {
		case m, ok := <-ready:
			if !ok {
				return group, nil, true
			}
			<-m.done
			if !m.batch() {
				return group, m, true
			}
			group = append(group, m)
		default:
			return group, nil, true
		}
	}
	return group, nil, true
}

// batch reports whether l is a batch ready to be written.
func (l *loading) batch() bool {
	return !l.bad && !l.gone && l.err == nil && l.n.Kind == noticeBatch
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

// apply writes a group of prepared batches, or applies one other notice,
// and returns how many notices were applied.
func (h *Hub) apply(ctx context.Context, group []*loading) (int, error) {
	l := group[0]
	switch {
	case l.bad || l.gone:
		return 1, nil // not ours to retry, or done before
	case l.err != nil:
		return 0, l.err
	case l.n.Kind == noticeBatch:
		return h.writeBatches(ctx, group)
	case l.n.Kind == noticeSite:
		if err := h.siteDone(ctx, l.n); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// writeBatches writes batches, each once, in one go when the store can,
// and counts them for their runs.
func (h *Hub) writeBatches(ctx context.Context, group []*loading) (int, error) {
	bs := make([]Batch, len(group))
	for i, l := range group {
		bs[i] = Batch{ID: l.n.Batch, RunID: l.n.RunID, Items: l.items}
	}
	h.smu.Lock()
	loaded, err := writeStore(ctx, h.cfg.Store, bs)
	h.smu.Unlock()
	if err != nil && len(loaded) == len(bs) {
		loaded = loaded[:len(bs)-1] // written, then the file failed to close: tried again, and found written
	}
	for i, new := range loaded {
		n := group[i].n
		h.dropBatch(ctx, n.Batch)
		h.event(Event{What: "batch loaded", RunID: n.RunID, Site: n.Site, Worker: n.Worker,
			Detail: fmt.Sprintf("%s: %d documents, new %v", n.Batch, len(bs[i].Items), new)})
		if r := h.run(n.RunID); r != nil {
			r.addBatch(bs[i].Items, new)
		}
	}
	if err != nil {
		if r := h.run(group[len(loaded)].n.RunID); r != nil {
			r.notStored(bs[len(loaded)].Items, err)
		}
	}
	return len(loaded), err
}

// writeStore writes batches through s: all at once when it is a
// BatchesWriter, else one after another.
func writeStore(ctx context.Context, s Store, bs []Batch) (loaded []bool, err error) {
	if w, ok := s.(BatchesWriter); ok && len(bs) > 1 {
		return w.WriteBatches(ctx, bs)
	}
	return WriteEach(ctx, s, bs)
}

// WriteEach writes batches through s one after another; loaded has an
// entry per batch written, in order, up to the one that failed.
func WriteEach(ctx context.Context, s Store, bs []Batch) (loaded []bool, err error) {
	for _, b := range bs {
		new, err := s.WriteBatch(ctx, b.ID, b.RunID, b.Items)
		if err != nil {
			return loaded, err
		}
		loaded = append(loaded, new)
	}
	return loaded, nil
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
	if !l.bad && l.n.Kind == noticeBatch {
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
