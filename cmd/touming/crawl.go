package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/warehouse"
)

// crawlConfig is what `touming crawl` was asked to do.
type crawlConfig struct {
	jsonSummary string // --json-summary FILE; empty: none
	sources     string
	db          string
	data        string
	every       time.Duration
	schedule    string
	batch       int
	flushAfter  time.Duration // --flush-after; 0 here means off
	only        string        // comma-separated source ids; empty: all
	// maxBodyMiB is --max-body, in MiB; check sets crawl.MaxBody from it.
	maxBodyMiB int
	crawl      crawl.Config
}

func parseCrawl(e *env, args []string) (crawlConfig, error) {
	var c crawlConfig
	fl := flag.NewFlagSet("crawl", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	crawlFlags(fl, &c)
	fl.BoolVar(&c.crawl.AllowPrivate, "allow-private", false, "reach loopback, private and link-local addresses other than the start hosts' own (an intranet crawl; see docs/security.md)")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming crawl --sources FILE --db FILE [--data DIR] [--every 24h | --schedule \"0 3 * * *\"] [--json-summary FILE]")
		fmt.Fprintln(e.stderr, "\nCrawls the portals of the sources file, archives what it fetches and loads the reports.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	return c, c.check(fl.NArg())
}

// crawlFlags defines the flags of a crawl run (touming crawl and hub).
func crawlFlags(fl *flag.FlagSet, c *crawlConfig) {
	fl.StringVar(&c.jsonSummary, "json-summary", "", "write the run's stats (per run and source, like Scrapy's) as JSON to this file")
	fl.StringVar(&c.sources, "sources", "", "the sources file (YAML)")
	fl.StringVar(&c.db, "db", "", "the warehouse file (created if missing)")
	fl.StringVar(&c.data, "data", "", "archive directory of fetched bodies (default: FILE.archive beside --db)")
	fl.DurationVar(&c.every, "every", 0, "repeat the pass at this interval, e.g. 24h")
	fl.StringVar(&c.schedule, "schedule", "", `repeat the pass on a cron schedule, e.g. "0 3 * * *"`)
	fl.StringVar(&c.only, "only", "", "crawl only these sources (ids, comma-separated)")
	fl.IntVar(&c.batch, "batch", 20, "documents per batch; the batches ready together are written in one transaction (the warehouse is locked only while it is written)")
	fl.DurationVar(&c.flushAfter, "flush-after", pipeline.DefaultFlushAfter, "send a site's documents as a batch once the first has waited this long, full or not, so that they are written while the crawl goes on (0: only full batches)")
	fl.DurationVar(&c.crawl.Delay, "delay", time.Second, "least time between two requests to one host (0: none, for servers of your own)")
	fl.DurationVar(&c.crawl.Timeout, "timeout", 60*time.Second, "how long to wait for a response, or for more of a download (at least 30s: portals are slow)")
	fl.StringVar(&c.crawl.UserAgent, "user-agent", crawl.DefaultUserAgent, "User-Agent sent to portals; name a contact")
	fl.IntVar(&c.crawl.Retries, "retries", 3, "retries of a timeout, 429 or 5xx, with a backoff doubling from 2s (0: none); 404, 410 and refused redirects never")
	fl.DurationVar(&c.crawl.DocTime, "doc-time", 10*time.Minute, "most time for one document, however steadily it arrives (a server dripping bytes is cut here; not retried)")
	fl.IntVar(&c.crawl.MaxPages, "max-pages", 5000, "most URLs one source requests in a pass (pages, reports, attachments); the rest is skipped and named in the summary")
	fl.IntVar(&c.crawl.MaxQueryVariants, "max-query-variants", 100, "most query strings under which one path is fetched as a list page in a pass (a page linking to itself under endless query strings is a trap)")
	fl.IntVar(&c.maxBodyMiB, "max-body", 256, "most MiB of one body once decoded, whatever its Content-Encoding (a gzip bomb is cut here; not retried)")
}

func (c *crawlConfig) check(extra int) error {
	switch {
	case c.sources == "" || c.db == "":
		return fmt.Errorf("%w: --sources FILE and --db FILE are required", errUsage)
	case extra > 0:
		return fmt.Errorf("%w: unexpected arguments (the portals come from --sources)", errUsage)
	case c.every != 0 && c.schedule != "":
		return fmt.Errorf("%w: give --every or --schedule, not both", errUsage)
	case c.every < 0 || c.crawl.Delay < 0 || c.crawl.Retries < 0 || c.flushAfter < 0:
		return fmt.Errorf("%w: --every, --delay, --retries and --flush-after cannot be negative", errUsage)
	case c.batch < 1:
		return fmt.Errorf("%w: --batch must be at least 1", errUsage)
	case c.crawl.Timeout < 30*time.Second:
		return fmt.Errorf("%w: --timeout %s is too short for government portals (at least 30s)", errUsage, c.crawl.Timeout)
	case c.crawl.DocTime < c.crawl.Timeout:
		return fmt.Errorf("%w: --doc-time %s is shorter than --timeout %s", errUsage, c.crawl.DocTime, c.crawl.Timeout)
	case c.crawl.MaxPages < 1 || c.crawl.MaxQueryVariants < 1:
		return fmt.Errorf("%w: --max-pages and --max-query-variants must be at least 1", errUsage)
	case c.maxBodyMiB < 1 || c.maxBodyMiB > 4096:
		return fmt.Errorf("%w: --max-body %d: give 1 to 4096 (MiB)", errUsage, c.maxBodyMiB)
	}
	c.crawl.MaxBody = c.maxBodyMiB << 20
	if c.schedule != "" {
		if _, err := cron.ParseStandard(c.schedule); err != nil {
			return fmt.Errorf("%w: --schedule %q: %v", errUsage, c.schedule, err)
		}
	}
	if c.data == "" {
		c.data = defaultArchiveDir(c.db)
	}
	if c.crawl.Delay == 0 {
		c.crawl.Delay = -1 // crawl.Config reads 0 as its default
	}
	if c.crawl.Retries == 0 {
		c.crawl.Retries = -1
	}
	return nil
}

// flushSetting turns a --flush-after value, where 0 means off, into the
// pipeline's, where 0 means its default.
func flushSetting(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// errAllFailed: no source of a pass yielded a single page.
var errAllFailed = errors.New("every source failed: no start URL yielded a page (see the summary)")

// runCrawl runs one pass, or repeats it on --every or --schedule until
// interrupted. The exit status is 0 when the passes ran, even if some
// pages failed: the summary says which; it is 1 when every source failed.
func runCrawl(ctx context.Context, e *env, args []string) error {
	c, err := parseCrawl(e, args)
	if err != nil {
		return err
	}
	sources, err := readSources(c.sources)
	if err != nil {
		return err
	}
	if sources, err = onlySources(sources, c.only); err != nil {
		return err
	}
	opt := passOptions{sources: sources, data: c.data, batch: c.batch, flushAfter: flushSetting(c.flushAfter), crawl: c.crawl}
	var run *pipeline.RunResult
	opt.onRun = func(r *pipeline.RunResult) { run = r }
	pass := func(ctx context.Context) error {
		run = nil
		sum, err := crawlPass(ctx, e, opt, fileStore(c.db))
		printSummary(e, sum)
		return endOfRun(e, run, c.jsonSummary, sum, err)
	}
	switch {
	case c.every > 0:
		return repeatEvery(ctx, e, c.every, pass)
	case c.schedule != "":
		return repeatOnSchedule(ctx, e, c.schedule, pass)
	}
	if err := pass(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

func readSources(path string) ([]touming.Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read sources: %w", err)
	}
	return crawl.ParseSources(path, data)
}

// onlySources keeps the sources named in only (all when it is empty); an
// id the file does not have is an error, not a silent empty crawl.
func onlySources(all []touming.Source, only string) ([]touming.Source, error) {
	if only == "" {
		return all, nil
	}
	byID := map[string]touming.Source{}
	for _, s := range all {
		byID[s.ID] = s
	}
	var out []touming.Source
	for _, id := range strings.Split(only, ",") {
		s, ok := byID[strings.TrimSpace(id)]
		if !ok {
			return nil, fmt.Errorf("%w: --only %s: no source with that id in the sources file", errUsage, id)
		}
		out = append(out, s)
	}
	return out, nil
}

// repeatEvery runs pass now and then every d until ctx ends. A failed pass
// is logged and the next one still runs: a portal or a lock may be back.
func repeatEvery(ctx context.Context, e *env, d time.Duration, pass func(context.Context) error) error {
	for {
		if err := pass(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("crawl pass failed", "err", err)
		}
		e.log.Info("next crawl pass", "at", time.Now().Add(d).Format(time.RFC3339))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(d):
		}
	}
}

// repeatOnSchedule runs pass on a cron schedule until ctx ends; a pass
// still running when the next is due makes that one skip.
func repeatOnSchedule(ctx context.Context, e *env, spec string, pass func(context.Context) error) error {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc(spec, func() {
		if err := pass(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("crawl pass failed", "err", err)
		}
	}); err != nil {
		return fmt.Errorf("%w: --schedule %q: %v", errUsage, spec, err)
	}
	c.Start()
	e.log.Info("crawls scheduled", "schedule", spec, "next", c.Entries()[0].Next.Format(time.RFC3339))
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// passStore is what a pass needs of the warehouse. The crawl command opens
// the file for each call (fileStore) so that analysts can open it between
// batches; serve passes the handle it owns.
type passStore struct {
	documents func(ctx context.Context, sources []touming.Source) ([]touming.Document, error) // the sources' only
	sources   func(ctx context.Context, s []touming.Source) error                             // nil: not recorded
	write     batchWrite
	batches   batchesWrite                                             // nil: a write per batch
	discovery discoveryStore                                           // zero: discovery is not recorded
	recordRun func(ctx context.Context, rows []touming.RunStats) error // nil: not recorded
}

// fileStore opens the warehouse at path for each call and closes it after.
func fileStore(path string) passStore {
	return passStore{
		documents: func(ctx context.Context, sources []touming.Source) ([]touming.Document, error) {
			return readOnce(ctx, path, func(db *warehouse.DB, ctx context.Context) ([]touming.Document, error) {
				return db.DocumentsOf(ctx, sourceIDs(sources))
			})
		},
		sources: func(ctx context.Context, s []touming.Source) error {
			db, err := warehouse.Open(ctx, path, warehouse.Options{LockWait: time.Minute})
			if err != nil {
				return err
			}
			err = db.UpsertSources(ctx, s)
			return errors.Join(err, db.Close())
		},
		write: func(ctx context.Context, items []warehouse.Item) (st warehouse.Stats, err error) {
			err = writeOnce(ctx, path, func(db *warehouse.DB) error {
				st, err = writeBatch(ctx, db, items)
				return err
			})
			return st, err
		},
		batches: fileBatches(path),
		recordRun: func(ctx context.Context, rows []touming.RunStats) error {
			return writeOnce(ctx, path, func(db *warehouse.DB) error { return db.RecordRun(ctx, rows) })
		},
		discovery: fileDiscovery(path),
	}
}

// sourceIDs lists the sources' ids.
func sourceIDs(sources []touming.Source) []string {
	ids := make([]string, len(sources))
	for i, s := range sources {
		ids[i] = s.ID
	}
	return ids
}

// passOptions configure one pass.
type passOptions struct {
	sources []touming.Source
	data    string // archive directory
	batch   int
	// flushAfter is the pipeline's: 0 means pipeline.DefaultFlushAfter,
	// negative only full batches (flushSetting).
	flushAfter time.Duration
	crawl      crawl.Config
	onRun      func(*pipeline.RunResult) // nil: nothing more than the summary
}

// crawlPass runs one pass over the sources as one run of the pipeline, in
// this process: an in-process NATS server (its store under the data
// folder), the hub that loads batches into the warehouse, and a worker
// that crawls every site at once and extracts on every core. What was
// written stays when the pass is interrupted; the next pass skips it.
func crawlPass(ctx context.Context, e *env, opt passOptions, store passStore) (touming.CrawlSummary, error) {
	if store.sources != nil {
		if err := store.sources(ctx, opt.sources); err != nil {
			return touming.CrawlSummary{}, err
		}
	}
	ex := extract.New(extract.Config{OCR: ocrReader(e)})
	defer ex.Close()
	cc := opt.crawl
	var last map[string]touming.Discovery
	if store.discovery.last != nil {
		var err error
		if last, err = store.discovery.last(ctx); err != nil {
			return touming.CrawlSummary{}, err
		}
		cc.Known = knownColumns(last)
	}
	prog := newProgress(e)
	rt := opt.crawl.Transport
	if rt == nil {
		rt = crawl.NewTransport() // the pipeline's default would not keep the address guard
	}
	// Every site at once, as the crawler always crawled every host at once.
	wc := pipeline.WorkerConfig{Name: "local", Sites: max(1, len(opt.sources)), Extract: pipeline.Config{Batch: opt.batch, FlushAfter: opt.flushAfter},
		Crawl:    crawl.Config{Progress: prog.update, Transport: rt, AllowPrivate: opt.crawl.AllowPrivate},
		OnResult: func(r pipeline.Result) { logResult(e, r) },
		OnEvent:  func(ev pipeline.Event) { logLocalEvent(e, ev) }}
	hc := pipeline.HubConfig{Archive: crawl.Archive{Dir: opt.data}, Store: hubStore{store}, FailFast: true,
		OnEvent: func(ev pipeline.Event) { logLocalEvent(e, ev) }}
	lc := pipeline.LocalConfig{StoreDir: filepath.Join(opt.data, ".jetstream"), Hub: hc, Worker: wc}
	res, err := pipeline.RunLocal(ctx, lc, opt.sources, cc, ex)
	prog.done()
	if res == nil {
		return touming.CrawlSummary{}, err
	}
	if opt.onRun != nil {
		opt.onRun(res)
	}
	sum := res.Summary
	if err != nil || store.discovery.record == nil {
		return sum, err // an interrupted pass's findings are partial: not recorded
	}
	if sum.Discoveries, err = settleDiscoveries(opt.sources, last, sum.Discoveries); err != nil {
		return sum, err
	}
	return sum, store.discovery.record(ctx, sum.Discoveries)
}

// logLocalEvent logs the run's events when no progress block is drawn.
func logLocalEvent(e *env, ev pipeline.Event) {
	if !e.tty {
		logEvent(e, ev)
	}
}

// logResult logs each document as it is read, when no progress block is
// drawn.
func logResult(e *env, r pipeline.Result) {
	if e.tty {
		return
	}
	d := r.Document
	switch {
	case !r.Extracted && d.Status == touming.StatusFailed:
		e.log.Warn("fetch failed", "url", d.URL, "reason", d.Error)
	case r.Report == nil:
		e.log.Warn("no report", "url", d.FinalURL, "status", d.Status, "reason", d.Error)
	default:
		e.log.Info("report", "url", d.FinalURL, "agency", r.Report.Meta.Agency, "year", r.Report.Meta.Year, "change", r.Change)
	}
}
