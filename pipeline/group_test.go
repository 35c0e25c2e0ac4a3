package pipeline

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
)

// groupStore writes the batches it is handed together in one go, all or
// nothing, at a cost per write (not per batch) as a warehouse transaction
// has; failFirst makes its first write fail, recording nothing.
type groupStore struct {
	memStore
	gmu       sync.Mutex
	writes    []int // batches per write
	sites     []int // sites per write
	failFirst bool
}

// WriteBatch is a write of one batch, at the same cost.
func (g *groupStore) WriteBatch(ctx context.Context, id, run string, items []BatchItem) (bool, error) {
	loaded, err := g.WriteBatches(ctx, []Batch{{ID: id, RunID: run, Items: items}})
	if err != nil {
		return false, err
	}
	return loaded[0], nil
}

func (g *groupStore) WriteBatches(ctx context.Context, bs []Batch) ([]bool, error) {
	g.gmu.Lock()
	defer g.gmu.Unlock()
	time.Sleep(150 * time.Millisecond)
	if g.failFirst {
		g.failFirst = false
		return nil, errors.New("disk full")
	}
	sites := map[string]bool{}
	loaded := make([]bool, len(bs))
	for i, b := range bs {
		loaded[i], _ = g.memStore.WriteBatch(ctx, b.ID, b.RunID, b.Items)
		for _, it := range b.Items {
			sites[it.Document.SourceID] = true
		}
	}
	g.writes, g.sites = append(g.writes, len(bs)), append(g.sites, len(sites))
	return loaded, nil
}

// TestLoaderWritesReadyBatchesTogether crawls 8 loopback hosts into a
// store that pays per write, in batches of 5: the batches
// ready together, of several sites and across the sites' ends between
// them, are written in one go, so there are far fewer writes than batches
// (at 120 hosts, stopping a group at a site's end wrote every site's last
// batch alone); every document is stored once and
// counted in the run, and a write that fails (nothing recorded) is tried
// again whole, outside FailFast.
func TestLoaderWritesReadyBatchesTogether(t *testing.T) {
	ex := extract.New(extract.Config{})
	defer ex.Close()
	const hosts = 8
	for _, fail := range []bool{false, true} {
		srcs, _, _ := queuePortal(t, hosts)
		st := &groupStore{memStore: memStore{ids: map[string]bool{}}, failFirst: fail}
		res, err := RunLocal(context.Background(), LocalConfig{StoreDir: t.TempDir(),
			Hub:    HubConfig{Store: st, Archive: crawl.Archive{Dir: t.TempDir()}},
			Worker: WorkerConfig{Extract: Config{Batch: 5}}}, srcs, crawl.Config{Delay: 10 * time.Millisecond}, ex)
		if err != nil {
			t.Fatal(err)
		}
		if st.items != hosts*25 || res.Written.Documents != hosts*25 || res.Written.Repeated != 0 {
			t.Fatalf("failing first %v: %d documents stored, %+v; want %d each, none repeated", fail, st.items, res.Written, hosts*25)
		}
		if n := res.Summary.Total().New; n != hosts*25 {
			t.Errorf("failing first %v: the summary counts %d new reports, want %d", fail, n, hosts*25)
		}
		most := 0
		for _, n := range st.sites {
			most = max(most, n)
		}
		t.Logf("failing first %v: %d batches in %d writes %v, sites per write %v", fail, res.Written.Batches, len(st.writes), st.writes, st.sites)
		if len(st.writes) > res.Written.Batches/2 || most < 2 {
			t.Errorf("failing first %v: %d batches in %d writes (sites per write %v): not written together", fail, res.Written.Batches, len(st.writes), st.sites)
		}
	}
}
