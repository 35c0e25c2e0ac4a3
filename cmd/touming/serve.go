package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/touming/touming/charts"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/warehouse"
)

// serveConfig is what `touming serve` runs with, after its flags are read.
type serveConfig struct {
	DB       string // warehouse file; created when missing
	Addr     string // listen address
	Data     string // archive directory; "" means none
	Schedule string // cron spec of the crawl passes; "" means none
	// Pass runs one crawl pass through store, the handle serve owns. It is
	// set when Schedule is.
	Pass func(ctx context.Context, store passStore) error
	// Listener, when set, is used instead of listening on Addr.
	Listener net.Listener
	// RankMin is the compare page's ranking threshold (applications); 0
	// means charts.DefaultMinApplications.
	RankMin int
	// AllowHosts are Host names accepted besides the listen address.
	AllowHosts []string
	// SQL limits the SQL page; Sandbox sizes the read side's DuckDB.
	SQL     sqlLimits
	Sandbox warehouse.SandboxOptions
}

// sqlLimits are the SQL page's limits, from serve's flags.
type sqlLimits struct {
	Timeout  time.Duration
	MaxRows  int
	MaxBytes int64
	Running  int
	// CountBudget and SortBudget time-box a page's counts, facets and
	// sorts (charts.Config).
	CountBudget, SortBudget time.Duration
}

// batchWrite stores one batch of crawled items in the warehouse.
type batchWrite func(ctx context.Context, items []warehouse.Item) (warehouse.Stats, error)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := serveConfig{}
	fs.StringVar(&cfg.DB, "db", "", "warehouse file (DuckDB); created empty when missing")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to serve the pages on")
	fs.StringVar(&cfg.Data, "data", "", "archive directory of fetched bodies (default: the crawl's, beside the DB file)")
	sources := fs.String("sources", "", "sources file (YAML) to crawl on --schedule")
	private := fs.Bool("allow-private", false, "scheduled crawls: "+"reach loopback, private and link-local addresses other than the start hosts' own (an intranet crawl; see docs/security.md)")
	fs.StringVar(&cfg.Schedule, "schedule", "", `cron spec of scheduled crawls, e.g. "0 3 * * *" (needs --sources)`)
	fs.IntVar(&cfg.RankMin, "rank-min", charts.DefaultMinApplications, "compare page: counties that processed fewer applications are listed but not ranked")
	addServeSecurityFlags(fs, &cfg)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming serve --db FILE [--addr 127.0.0.1:8080] [--data DIR] [--sources FILE --schedule \"0 3 * * *\"]")
		fmt.Fprintln(e.stderr, "\nServes the chart pages, the data-quality list and the SQL page. With --schedule it also\nruns the crawls itself, so that the warehouse file has one owner.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if err := cfg.check(*sources); err != nil {
		return err
	}
	if err := cfg.checkLimits(); err != nil {
		return err
	}
	if cfg.Data == "" {
		cfg.Data = defaultArchiveDir(cfg.DB)
	}
	if cfg.Schedule != "" {
		pass, err := scheduledPass(e, *sources, cfg.Data, crawl.Config{AllowPrivate: *private})
		if err != nil {
			return err
		}
		cfg.Pass = pass
	}
	return serve(ctx, e, cfg, func(url string) {
		fmt.Fprintf(e.stdout, "touming serve: open %s in a browser. Ctrl-C stops it.\n", url)
	})
}

// check validates the flags; errors are usage errors that name the flag.
func (cfg serveConfig) check(sources string) error {
	switch {
	case cfg.DB == "":
		return fmt.Errorf("%w: --db FILE is required", errUsage)
	case (cfg.Schedule == "") != (sources == ""):
		return fmt.Errorf("%w: --schedule and --sources go together", errUsage)
	case cfg.RankMin < 1:
		return fmt.Errorf("%w: --rank-min must be at least 1", errUsage)
	}
	if cfg.Schedule != "" {
		if _, err := cron.ParseStandard(cfg.Schedule); err != nil {
			return fmt.Errorf("%w: --schedule %q: %v", errUsage, cfg.Schedule, err)
		}
	}
	return nil
}

// defaultArchiveDir is where the crawl keeps bodies when --data is not
// given: a folder beside the DB file.
func defaultArchiveDir(db string) string {
	return db + ".archive"
}

// serve runs the pages (and the schedule) until ctx is cancelled, then
// shuts down gracefully: requests in flight finish, a running crawl pass
// stops between batches. ready, when set, is called with the pages' URL
// once the server listens.
func serve(ctx context.Context, e *env, cfg serveConfig, ready func(url string)) error {
	store, err := openShared(ctx, cfg.DB, cfg.Sandbox)
	if err != nil {
		return err
	}
	defer store.Close()
	ln := cfg.Listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return fmt.Errorf("serve: listen on %s: %w", cfg.Addr, err)
		}
	}
	defer ln.Close() // Shutdown closes it too; this covers the early returns
	warnExposed(e, ln.Addr().String(), cfg)
	pages, err := charts.New(charts.Config{DB: store, Archive: archiveOpener(cfg.Data), MinApplications: cfg.RankMin,
		SQLTimeout: cfg.SQL.Timeout, SQLMaxRows: cfg.SQL.MaxRows, SQLMaxBytes: cfg.SQL.MaxBytes, SQLMaxRunning: cfg.SQL.Running,
		CountBudget: cfg.SQL.CountBudget, SortBudget: cfg.SQL.SortBudget,
		Addr: ln.Addr().String(), AllowHosts: cfg.AllowHosts,
		Export: store.Export, DownloadDir: cfg.DB + ".downloads", SavedQueries: cfg.DB + ".queries.json"})
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: logRequests(e, pages), ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String() + "/"
	e.log.Info("serving", "url", url, "db", cfg.DB, "archive", cfg.Data)
	if !charts.HasEcharts() {
		e.log.Warn("this binary has no embedded echarts.min.js: charts will not draw; run make assets and rebuild")
	}
	stopCron := startSchedule(ctx, e, cfg, store)
	if ready != nil {
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopCron()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	stopCron()
	return err
}

// startSchedule starts the crawl schedule, if any, and returns a function
// that stops it and waits for a running pass to end.
func startSchedule(ctx context.Context, e *env, cfg serveConfig, store *sharedDB) func() {
	if cfg.Schedule == "" || cfg.Pass == nil {
		return func() {}
	}
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc(cfg.Schedule, func() {
		e.log.Info("scheduled crawl: start")
		err := cfg.Pass(ctx, store.passStore())
		switch {
		case ctx.Err() != nil:
			e.log.Info("scheduled crawl stopped: shutting down")
			return
		case err != nil:
			e.log.Error("scheduled crawl failed", "err", err)
			return
		}
		e.log.Info("scheduled crawl: done")
	})
	c.Start()
	if entries := c.Entries(); len(entries) > 0 {
		e.log.Info("crawls scheduled", "schedule", cfg.Schedule, "next", entries[0].Next.Format(time.RFC3339))
	}
	return func() { <-c.Stop().Done() }
}

// archiveOpener opens archived bodies from the crawl's archive in dir
// (which checks that the bytes still hash to their name). The directory
// may appear later, with the first crawl.
func archiveOpener(dir string) func(string) (io.ReadCloser, error) {
	if dir == "" {
		return nil
	}
	a := crawl.Archive{Dir: dir}
	return func(sha string) (io.ReadCloser, error) {
		body, err := a.Get(sha)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(body)), nil
	}
}

// logRequests logs each request at debug level and failures at warn.
func logRequests(e *env, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, status: 200}
		start := time.Now()
		h.ServeHTTP(rec, r)
		if rec.status >= 500 {
			e.log.Warn("request failed", "path", r.URL.Path, "status", rec.status, "took", time.Since(start))
		}
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// scheduledPass builds the crawl pass of --schedule. The sources file is
// read now, so that a mistake in it stops serve at once, and again before
// each pass, so that an edit applies without a restart.
func scheduledPass(e *env, sources, data string, cc crawl.Config) (func(context.Context, passStore) error, error) {
	if _, err := readSources(sources); err != nil {
		return nil, err
	}
	return func(ctx context.Context, store passStore) error {
		src, err := readSources(sources)
		if err != nil {
			return err
		}
		opt := passOptions{sources: src, data: data, batch: 20, crawl: cc}
		sum, err := crawlPass(ctx, e, opt, store)
		printSummary(e, sum)
		return err
	}, nil
}
