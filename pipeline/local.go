package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// LocalConfig sets up a crawl run in one process: an in-process NATS
// server (no port) with its store under the data folder, the hub and one
// worker.
type LocalConfig struct {
	StoreDir string
	Hub      HubConfig
	Worker   WorkerConfig
}

// RunLocal runs one crawl of sources in this process, the way touming
// crawl does, and returns when the run is finished or ctx ends (then the
// run is cancelled with what it wrote). Batches left by an interrupted
// earlier process are loaded; its unfinished site jobs are dropped, as
// this run crawls every site again.
func RunLocal(ctx context.Context, cfg LocalConfig, sources []touming.Source, cc crawl.Config, ex Extractor) (*RunResult, error) {
	ns, err := StartServer(ServerConfig{StoreDir: cfg.StoreDir})
	if err != nil {
		return nil, err
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := ConnectInProcess(ns, "touming crawl")
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	if err := dropSiteJobs(ctx, nc); err != nil {
		return nil, err
	}
	hctx, stopHub := context.WithCancel(context.WithoutCancel(ctx))
	defer stopHub()
	cfg.Hub.LocalArchive = true // the worker is in this process: it archives as it fetches
	cfg.Worker.Archive = &cfg.Hub.Archive
	cfg.Hub.handoff = &sync.Map{}
	cfg.Worker.handoff = cfg.Hub.handoff
	hub, err := NewHub(hctx, nc, cfg.Hub)
	if err != nil {
		return nil, err
	}
	defer func() { stopHub(); <-hub.Done() }()
	w, err := NewWorker(ctx, nc, cfg.Worker, ex)
	if err != nil {
		return nil, err
	}
	wctx, stopWorker := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(wctx) }()
	defer func() { stopWorker(); wg.Wait() }()
	run, err := hub.StartRun(ctx, sources, cc)
	if err != nil {
		return nil, err
	}
	res, err := waitLocal(ctx, hub, run)
	if res != nil {
		res.Queue = w.QueueHighWater()
	}
	return res, err
}

// waitLocal waits for the run, or for the loader to fail, or for ctx.
func waitLocal(ctx context.Context, hub *Hub, run *Run) (*RunResult, error) {
	select {
	case <-run.done:
	case <-hub.Done():
		hub.failAll(ctx, hub.Err())
	case <-ctx.Done():
		hub.Cancel(context.WithoutCancel(ctx), run)
		res, _ := run.Wait(context.WithoutCancel(ctx))
		return res, ctx.Err()
	}
	res, _ := run.Wait(context.WithoutCancel(ctx))
	return res, res.Err
}

// dropSiteJobs removes the site jobs and checkpoints an interrupted
// process left: their sites are crawled again by the new run.
func dropSiteJobs(ctx context.Context, nc *nats.Conn) error {
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("jetstream: %w", err)
	}
	if err := js.DeleteStream(ctx, sitesStream); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("drop old site jobs: %w", err)
	}
	if err := js.DeleteKeyValue(ctx, checkBucket); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
		return fmt.Errorf("drop old checkpoints: %w", err)
	}
	return nil
}
