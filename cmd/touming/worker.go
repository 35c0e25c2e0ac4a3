package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/pipeline"
)

// workerConfig is what `touming worker` was asked to do.
type workerConfig struct {
	hub      string
	name     string
	sites    int
	extracts int
	batch    int
	flush    time.Duration // --flush-after; 0: off
	queue    int           // --queue, documents
	queueMiB int           // --queue-mib
	private  bool          // --allow-private
}

func parseWorker(e *env, args []string) (workerConfig, error) {
	var c workerConfig
	fl := flag.NewFlagSet("worker", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.hub, "hub", "", "the hub's NATS URL, nats://HOST:PORT")
	fl.StringVar(&c.name, "name", "", "this worker's name in the hub's log (default: host name and process id)")
	fl.IntVar(&c.sites, "sites", 256, "sites crawled at once (each is one host, crawled politely)")
	fl.IntVar(&c.extracts, "extract", 0, "documents extracted at once (0: one per core)")
	fl.IntVar(&c.batch, "batch", 20, "documents sent to the hub per batch")
	fl.DurationVar(&c.flush, "flush-after", pipeline.DefaultFlushAfter, "send a site's documents once the first has waited this long, full batch or not (0: only full batches)")
	fl.IntVar(&c.queue, "queue", pipeline.DefaultQueueItems, "most documents fetched and not yet written by the hub; a full queue holds the crawl back")
	fl.IntVar(&c.queueMiB, "queue-mib", pipeline.DefaultQueueBytes>>20, "most MiB of bodies fetched and not yet written by the hub")
	fl.BoolVar(&c.private, "allow-private", false, "reach loopback, private and link-local addresses other than the start hosts' own (an intranet crawl; see docs/security.md)")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming worker --hub nats://HOST:PORT [--sites N] [--extract N]")
		fmt.Fprintln(e.stderr, "\nCrawls the sites the hub hands out and sends the documents and reports back; needs no warehouse.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	switch {
	case c.hub == "":
		return c, fmt.Errorf("%w: --hub nats://HOST:PORT is required", errUsage)
	case fl.NArg() > 0:
		return c, fmt.Errorf("%w: unexpected arguments %v", errUsage, fl.Args())
	case c.sites < 1 || c.batch < 1 || c.extracts < 0 || c.queue < 1 || c.queueMiB < 1:
		return c, fmt.Errorf("%w: --sites, --batch, --queue and --queue-mib must be at least 1", errUsage)
	case c.flush < 0:
		return c, fmt.Errorf("%w: --flush-after cannot be negative", errUsage)
	}
	return c, nil
}

// runWorker takes site jobs from the hub until interrupted.
func runWorker(ctx context.Context, e *env, args []string) error {
	c, err := parseWorker(e, args)
	if err != nil {
		return err
	}
	return workOn(ctx, e, c, pipeline.WorkerConfig{})
}

// workOn runs a worker; base carries what tests set (a transport, a short
// lease).
func workOn(ctx context.Context, e *env, c workerConfig, base pipeline.WorkerConfig) error {
	nc, err := pipeline.Connect(c.hub, "touming worker")
	if err != nil {
		return err
	}
	defer nc.Close()
	ex := extract.New(extract.Config{OCR: ocrReader(e)})
	defer ex.Close()
	base.Name, base.Sites = c.name, c.sites
	base.Crawl.AllowPrivate = c.private
	if base.Crawl.Transport == nil {
		base.Crawl.Transport = crawl.NewTransport() // the pipeline's default would not keep the address guard
	}
	base.Extract.Workers, base.Extract.Batch = c.extracts, c.batch
	base.Extract.FlushAfter = flushSetting(c.flush)
	base.Queue = pipeline.Bound{Items: c.queue, Bytes: int64(c.queueMiB) << 20}
	also := base.OnEvent
	base.OnEvent = func(ev pipeline.Event) {
		logEvent(e, ev)
		if also != nil {
			also(ev)
		}
	}
	w, err := pipeline.NewWorker(ctx, nc, base, ex)
	if err != nil {
		return err
	}
	e.log.Info("worker up", "hub", c.hub, "sites at once", c.sites)
	return w.Run(ctx)
}
