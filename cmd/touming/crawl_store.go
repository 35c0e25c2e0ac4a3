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
	out := make([]warehouse.Item, len(items))
	for i, it := range items {
		out[i] = warehouse.Item{Document: it.Document, Report: it.Report}
	}
	_, err := h.s.write(context.WithValue(ctx, batchKey{}, b), out)
	return !b.repeated, err
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
