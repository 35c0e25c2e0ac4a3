package main

import (
	"context"

	"github.com/touming/touming"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/warehouse"
)

// hubStore is the warehouse as the pipeline's hub sees it, through a
// passStore (a file opened per batch, or serve's shared handle).
type hubStore struct{ s passStore }

// Prior is what the warehouse holds for the sources, for conditional
// requests.
func (h hubStore) Prior(ctx context.Context, sources []touming.Source) ([]touming.Document, error) {
	return h.s.documents(ctx, sources)
}

// WriteBatch writes a batch under its id; the store's write learns the id
// from ctx, so that a test's or serve's write function wraps it unchanged.
func (h hubStore) WriteBatch(ctx context.Context, id, runID string, items []pipeline.BatchItem) (bool, error) {
	b := &batchID{id: id, run: runID}
	_, err := h.s.write(context.WithValue(ctx, batchKey{}, b), warehouseItems(items))
	return !b.repeated, err
}

// WriteBatches writes the batches the hub has ready together: in one open
// of the file when the store can (a file opened per batch made a crawl of
// 120 hosts, whose sites finish their batches at once, wait on the opens),
// else one after another.
func (h hubStore) WriteBatches(ctx context.Context, bs []pipeline.Batch) ([]bool, error) {
	if h.s.batches != nil {
		return h.s.batches(ctx, bs)
	}
	return pipeline.WriteEach(ctx, h, bs)
}

// batchesWrite writes batches in order, each once under its id, and says
// for each written whether it was new, up to the first that failed.
type batchesWrite func(ctx context.Context, bs []pipeline.Batch) ([]bool, error)

// fileBatches writes batches into the warehouse at path in one open and
// one transaction (WriteOnceMany): the per-transaction steps are paid once
// for the group, and a failure records none of them (the hub retries them
// all).
func fileBatches(path string) batchesWrite {
	return func(ctx context.Context, bs []pipeline.Batch) (loaded []bool, err error) {
		specs := make([]warehouse.BatchSpec, len(bs))
		for i, b := range bs {
			specs[i] = warehouse.BatchSpec{ID: b.ID, RunID: b.RunID, Items: warehouseItems(b.Items)}
		}
		err = writeOnce(ctx, path, func(db *warehouse.DB) (err error) {
			loaded, _, err = db.WriteOnceMany(ctx, specs)
			return err
		})
		return loaded, err
	}
}

func warehouseItems(items []pipeline.BatchItem) []warehouse.Item {
	out := make([]warehouse.Item, len(items))
	for i, it := range items {
		out[i] = warehouse.Item{Document: it.Document, Report: it.Report}
	}
	return out
}

// RecordRun keeps the run's figures in crawl_runs.
func (h hubStore) RecordRun(ctx context.Context, rows []touming.RunStats) error {
	if h.s.recordRun == nil {
		return nil
	}
	return h.s.recordRun(ctx, rows)
}

// batchID names the batch being written; repeated is set when the
// warehouse had it already.
type batchID struct {
	id, run  string
	repeated bool
}

type batchKey struct{}

// writeBatch writes items, once per batch id when ctx names one.
func writeBatch(ctx context.Context, db *warehouse.DB, items []warehouse.Item) (warehouse.Stats, error) {
	b, _ := ctx.Value(batchKey{}).(*batchID)
	if b == nil {
		return db.Write(ctx, items)
	}
	st, loaded, err := db.WriteOnce(ctx, b.id, b.run, items)
	b.repeated = err == nil && !loaded
	return st, err
}
