package pipeline

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Bound is a size of the queue between fetching and the warehouse:
// documents and the bytes of their bodies (pictures included).
type Bound struct {
	Items int
	Bytes int64
}

// The queue's default bound. With the bound reached, sites send what they
// hold at once: at 1,024 documents a crawl of 120 hosts (2,400 documents
// in half-full batches) was cut into batches of two or three, and each
// batch is a transaction of the warehouse (1.6 s each on a busy machine).
// 4,096 lets 200 sites fill their batches of 20; the bytes bound the
// bodies' memory whatever the count.
const (
	DefaultQueueItems = 4096
	DefaultQueueBytes = 256 << 20
)

// queue bounds what one worker has fetched and the warehouse does not yet
// hold: a document enters when its body is fetched (before extraction) and
// leaves when the hub has written its batch. A fetch waits while the queue
// is full, so that a slow extraction or a slow writer slows the crawl
// (politely: the hosts simply see fewer requests) rather than filling
// memory. A document larger than the bound enters alone.
type queue struct {
	max     Bound
	mu      sync.Mutex
	cur     Bound
	high    Bound
	fetched Bound            // documents fetched and waiting to enter
	freed   chan struct{}    // closed and replaced whenever room is made
	sent    map[string]Bound // batches announced and not yet written
	pipes   map[*Pipeline]bool
	waiting atomic.Int32
	// gone reports whether a batch is no longer in the bus (written, or
	// dropped after a failure): the check when no word of it came.
	gone func(ctx context.Context, id string) bool
}

func newQueue(max Bound, gone func(context.Context, string) bool) *queue {
	if max.Items <= 0 {
		max.Items = DefaultQueueItems
	}
	if max.Bytes <= 0 {
		max.Bytes = DefaultQueueBytes
	}
	return &queue{max: max, freed: make(chan struct{}), sent: map[string]Bound{}, pipes: map[*Pipeline]bool{}, gone: gone}
}

// acquire makes room for a document of n bytes, waiting while the queue is
// full.
func (q *queue) acquire(ctx context.Context, n int64) error {
	q.mu.Lock()
	q.fetched.Items++
	q.fetched.Bytes += n
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.fetched.Items--
		q.fetched.Bytes -= n
		q.mu.Unlock()
	}()
	return q.wait(ctx, func() bool {
		if q.cur.Items != 0 && (q.cur.Items >= q.max.Items || q.cur.Bytes+n > q.max.Bytes) {
			return false
		}
		q.cur.Items++
		q.cur.Bytes += n
		q.high.Items = max(q.high.Items, q.cur.Items)
		q.high.Bytes = max(q.high.Bytes, q.cur.Bytes)
		return true
	})
}

// admit waits until the queue has room for one more, counting the fetched
// documents waiting to enter, before a request: a crawl whose queue is
// full sends no more requests (were it only to wait after the fetch, the
// bodies would pile up in the fetches waiting). Requests admitted at once
// may still find the queue full when their bodies arrive: per host, one
// being fetched and one being read for links wait outside the bound.
func (q *queue) admit(ctx context.Context) error {
	return q.wait(ctx, func() bool {
		return q.cur.Items+q.fetched.Items < q.max.Items && q.cur.Bytes+q.fetched.Bytes < q.max.Bytes
	})
}

// wait returns once ok (called with q.mu held) is true. While it waits,
// every site's pipeline writes what it holds at once (a batch half full
// would otherwise never leave, and the queue never empty), and batches the
// hub did not confirm are looked up.
func (q *queue) wait(ctx context.Context, ok func() bool) error {
	for {
		q.mu.Lock()
		if ok() {
			q.mu.Unlock()
			return nil
		}
		freed := q.freed
		pipes := make([]*Pipeline, 0, len(q.pipes))
		for p := range q.pipes {
			pipes = append(pipes, p)
		}
		q.mu.Unlock()
		q.waiting.Add(1)
		for _, p := range pipes {
			p.hurry()
		}
		t := time.NewTimer(2 * time.Second)
		select {
		case <-freed:
		case <-t.C:
			q.check(ctx)
		case <-ctx.Done():
		}
		t.Stop()
		q.waiting.Add(-1)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// release frees the room of documents that leave without a batch.
func (q *queue) release(b Bound) {
	if b.Items == 0 && b.Bytes == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cur.Items -= b.Items
	q.cur.Bytes -= b.Bytes
	close(q.freed)
	q.freed = make(chan struct{})
}

// sentBatch records a batch announced to the hub, holding b.
func (q *queue) sentBatch(id string, b Bound) {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.sent[id]
	q.sent[id] = Bound{Items: s.Items + b.Items, Bytes: s.Bytes + b.Bytes}
}

// written frees a batch's room once the hub has written it.
func (q *queue) written(id string) {
	q.mu.Lock()
	b, ok := q.sent[id]
	delete(q.sent, id)
	q.mu.Unlock()
	if ok {
		q.release(b)
	}
}

// check looks up the batches not confirmed: the hub's word is a plain
// message, lost if the worker was reconnecting.
func (q *queue) check(ctx context.Context) {
	if q.gone == nil {
		return
	}
	q.mu.Lock()
	ids := make([]string, 0, len(q.sent))
	for id := range q.sent {
		ids = append(ids, id)
	}
	q.mu.Unlock()
	for _, id := range ids {
		if q.gone(ctx, id) {
			q.written(id)
		}
	}
}

// full reports whether a fetch is waiting for room.
func (q *queue) full() bool { return q.waiting.Load() > 0 }

func (q *queue) add(p *Pipeline) {
	q.mu.Lock()
	q.pipes[p] = true
	q.mu.Unlock()
}

func (q *queue) remove(p *Pipeline) {
	q.mu.Lock()
	delete(q.pipes, p)
	q.mu.Unlock()
}

// highWater is the most the queue held at once.
func (q *queue) highWater() Bound {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.high
}
