package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/pipeline"
)

// hubConfig is what `touming hub` was asked to do.
type hubConfig struct {
	crawlConfig
	listen string
	wait   bool          // keep serving workers after the run
	lease  time.Duration // a site job's lease without a heartbeat; 0: a minute (tests shorten it)
}

func parseHub(e *env, args []string) (hubConfig, error) {
	var c hubConfig
	fl := flag.NewFlagSet("hub", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	crawlFlags(fl, &c.crawlConfig)
	fl.StringVar(&c.listen, "listen", "127.0.0.1:4222", "host:port the hub serves workers on (NATS); 0.0.0.0:4222 for other machines")
	fl.BoolVar(&c.wait, "stay", false, "keep the hub up after the run (for runs started again with --every)")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming hub --sources FILE --db FILE [--listen HOST:PORT] [--data DIR] [--json-summary FILE]")
		fmt.Fprintln(e.stderr, "\nRuns the NATS hub of a distributed crawl: queues a job per site of the sources file, loads the")
		fmt.Fprintln(e.stderr, "batches that workers (touming worker --hub nats://HOST:PORT) send into the warehouse, and")
		fmt.Fprintln(e.stderr, "logs each site's state until the run is finished.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	if err := c.check(fl.NArg()); err != nil {
		return c, err
	}
	if c.schedule != "" {
		return c, fmt.Errorf("%w: the hub runs one crawl; use --every to repeat it", errUsage)
	}
	return c, nil
}

// runHub runs one crawl run (or one every --every) through workers that
// connect to it, and loads their batches.
func runHub(ctx context.Context, e *env, args []string) error {
	c, err := parseHub(e, args)
	if err != nil {
		return err
	}
	return hubRuns(ctx, e, c, nil)
}

// hubRuns starts the hub's server and loader and runs the crawl; ready,
// when set, is told the URL workers connect to (tests).
func hubRuns(ctx context.Context, e *env, c hubConfig, ready func(url string)) error {
	sources, err := readSources(c.sources)
	if err != nil {
		return err
	}
	if sources, err = onlySources(sources, c.only); err != nil {
		return err
	}
	ns, err := pipeline.StartServer(pipeline.ServerConfig{StoreDir: filepath.Join(c.data, ".jetstream"), Listen: c.listen})
	if err != nil {
		return err
	}
	defer func() { ns.Shutdown(); ns.WaitForShutdown() }()
	nc, err := pipeline.ConnectInProcess(ns, "touming hub")
	if err != nil {
		return err
	}
	defer nc.Close()
	store := fileStore(c.db)
	if err := store.sources(ctx, sources); err != nil {
		return err
	}
	hub, err := pipeline.NewHub(ctx, nc, pipeline.HubConfig{Archive: crawl.Archive{Dir: c.data}, Store: hubStore{store},
		Bus:     pipeline.BusConfig{AckWait: c.lease},
		OnEvent: func(ev pipeline.Event) { logEvent(e, ev) }})
	if err != nil {
		return err
	}
	e.log.Info("hub up", "workers connect to", ns.ClientURL(), "db", c.db)
	if ready != nil {
		ready(ns.ClientURL())
	}
	pass := func(ctx context.Context) error { return hubPass(ctx, e, c, hub, sources) }
	if c.every > 0 {
		return repeatEvery(ctx, e, c.every, pass)
	}
	if err := pass(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if c.wait {
		<-ctx.Done()
	}
	return nil
}

// hubPass starts one run and waits for its end, logging sites' states.
func hubPass(ctx context.Context, e *env, c hubConfig, hub *pipeline.Hub, sources []touming.Source) error {
	run, err := hub.StartRun(ctx, sources, c.crawl)
	if err != nil {
		return err
	}
	e.log.Info("crawl run started", "run", run.ID, "sources", len(sources))
	res, err := run.Wait(ctx)
	if err != nil {
		hub.Cancel(context.WithoutCancel(ctx), run)
		res, _ = run.Wait(context.WithoutCancel(ctx))
	}
	printSummary(e, res.Summary)
	return endOfRun(e, res, c.jsonSummary, res.Summary, err)
}

// logEvent logs what the hub or a worker did.
func logEvent(e *env, ev pipeline.Event) {
	args := []any{"run", ev.RunID}
	if ev.Site != "" {
		args = append(args, "site", ev.Site)
	}
	if ev.Worker != "" {
		args = append(args, "worker", ev.Worker)
	}
	if ev.Detail != "" {
		args = append(args, "detail", ev.Detail)
	}
	e.log.Info(ev.What, args...)
}
