package pipeline

import (
	"context"
	"fmt"
)

// loadAhead is how many notices the loader prepares (reads the batch,
// decodes it, archives its bodies) while it writes the ones before: at
// 120 hosts, preparing a batch after writing the last one, one body synced
// after another, made the loader, not the hosts, what the crawl waited for.
// It also bounds a group: while a group is written the next one gathers.
// At 64, a crawl of 120 hosts into a warehouse of 1 M reports ended with
// seven groups still queued when its fetch ended (each site's last batch
// and its end are two notices), each paying the transaction's fixed cost
// (1-3 s there: audit, derived tables, the checkpoint); 512 lets the
// writer take all of them at once.
const loadAhead = 512

// maxGroupDocs bounds the documents written in one go. A transaction
// costs about the same for one batch as for many (its audit, derived
// tables and the checkpoint at close are paid once), so the more the
// writer is behind, the more it writes at once; the bound keeps one
// transaction's rows in memory at about what a re-extraction writes at
// once (1,000 documents) or twice that.
const maxGroupDocs = 2048

// gather takes the next notice (carry, or the next one ready) and, when it
// is a batch or a site's end, the batches and site ends prepared right
// after it, up to maxGroupDocs documents or the first other notice
// (returned as next). A site's end comes after its last batch, so at 120
// hosts ending together, batches and ends alternate: stopping at each end
// made every last batch a transaction of its own.
func gather(ready <-chan *loading, carry *loading) (group []*loading, next *loading, ok bool) {
	l := carry
	if l == nil {
		if l, ok = <-ready; !ok {
			return nil, nil, false
		}
	}
	<-l.done
	group = []*loading{l}
	docs := l.docs()
	for l.groups() {
		select {
		case m, ok := <-ready:
			if !ok {
				return group, nil, true
			}
			<-m.done
			if !m.groups() || docs+m.docs() > maxGroupDocs {
				return group, m, true
			}
			group = append(group, m)
			docs += m.docs()
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

// docs is how many documents l writes: a batch's, else none.
func (l *loading) docs() int {
	if !l.batch() {
		return 0
	}
	return len(l.items)
}

// groups reports whether l can be applied in a group: a batch ready to be
// written or a site's end.
func (l *loading) groups() bool {
	return l.batch() || (!l.bad && l.err == nil && l.n.Kind == noticeSite)
}

// apply writes the batches of a group (all of them in one go when the
// store can) and then applies its site ends in order, or applies one other
// notice; it returns how many notices, from the first, were applied.
func (h *Hub) apply(ctx context.Context, group []*loading) (int, error) {
	l := group[0]
	switch {
	case l.bad || l.gone:
		return 1, nil // not ours to retry, or done before
	case l.err != nil:
		return 0, l.err
	case !l.groups():
		return 1, nil
	}
	var batches []*loading
	at := []int{} // the batches' places in group
	for i, m := range group {
		if m.batch() {
			batches, at = append(batches, m), append(at, i)
		}
	}
	written, err := h.writeBatches(ctx, batches)
	upTo := len(group) // notices before the first batch not written
	if written < len(batches) {
		upTo = at[written]
	}
	// A site's end is applied once every batch before it is written (those
	// after it in the group may be written too: they are another site's).
	for i, m := range group[:upTo] {
		if m.n.Kind != noticeSite {
			continue
		}
		if serr := h.siteDone(ctx, m.n); serr != nil {
			return i, serr
		}
	}
	return upTo, err
}

// writeBatches writes batches, each once, in one go when the store can,
// and counts them for their runs; it returns how many were written.
func (h *Hub) writeBatches(ctx context.Context, group []*loading) (int, error) {
	if len(group) == 0 {
		return 0, nil
	}
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
		group[i].gone = true // written: a retry of the group passes it by
		h.dropBatch(ctx, n.Batch)
		h.event(Event{What: "batch loaded", RunID: n.RunID, Site: n.Site, Worker: n.Worker,
			Detail: fmt.Sprintf("%s: %d documents, new %v, in a write of %d", n.Batch, len(bs[i].Items), new, len(bs))})
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
