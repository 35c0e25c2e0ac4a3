package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/sampleportal"
)

// demoConfig is what `touming demo` runs with.
type demoConfig struct {
	Addr string // where the pages are served
	Dir  string // where the warehouse and archive go; "" means a temporary folder
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg demoConfig
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to serve the pages on (another free port if taken)")
	fs.StringVar(&cfg.Dir, "dir", "", "folder to keep the demo's warehouse and archive in (default: a temporary folder, removed on exit)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming demo [--addr 127.0.0.1:8080] [--dir DIR]")
		fmt.Fprintln(e.stderr, "\nStarts the bundled sample portal (seven county portals of 新乡市) on 127.0.0.1, crawls it\nwith the real crawler into a fresh warehouse, then serves the pages and prints their URL.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	return demo(ctx, e, cfg, nil)
}

// demo runs the sample portal, one crawl pass over it, then serve until
// ctx ends. ready, when set, gets the pages' URL.
func demo(ctx context.Context, e *env, cfg demoConfig, ready func(string)) error {
	dir, cleanup, err := demoDir(cfg.Dir)
	if err != nil {
		return err
	}
	defer cleanup()
	// Listen first, so that the first line printed is the URL to open: a
	// browser opened on it at once waits in the backlog until the crawl is
	// done and the pages are served.
	ln, err := demoListener(cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	charts := "http://" + ln.Addr().String() + "/compare"
	fmt.Fprintf(e.stdout, "touming demo: %s (the charts; they open once the sample portal is crawled)\n", charts)
	portal := sampleportal.New(sampleportal.Options{Bodies: true})
	portalURL, stopPortal, err := startSamplePortal(portal)
	if err != nil {
		return err
	}
	defer stopPortal()
	db := filepath.Join(dir, "touming.duckdb")
	fmt.Fprintf(e.stdout, "touming demo: crawling the sample portal at %s into %s …\n", portalURL, db)
	if err := demoCrawl(ctx, e, portal, portalURL, db); err != nil {
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
	scfg := serveConfig{DB: db, Data: defaultArchiveDir(db), Listener: ln}
	return serve(ctx, e, scfg, func(url string) {
		fmt.Fprintf(e.stdout, "\nThe sample portal itself is at %s/; the pages: overview %s, data %sdata, SQL %ssql.\n", portalURL, url, url, url)
		if cfg.Dir == "" {
			fmt.Fprintf(e.stdout, "The warehouse is %s (removed on exit; keep it with --dir).\n", db)
		}
		// The last line again names the charts' URL, for a terminal whose
		// first lines scrolled away under the crawl's.
		fmt.Fprintf(e.stdout, "touming demo: open %s in a browser. Ctrl-C stops it.\n", charts)
		if ready != nil {
			ready(url)
		}
	})
}

// demoDir returns the folder to use and a func that removes it when it was
// made here.
func demoDir(dir string) (string, func(), error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", nil, fmt.Errorf("demo: %w", err)
		}
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "touming-demo-")
	if err != nil {
		return "", nil, fmt.Errorf("demo: %w", err)
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// startSamplePortal serves the sample portal on a free loopback port; every
// site lives under /<site id>/ on it.
func startSamplePortal(portal *sampleportal.Portal) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("demo: start the sample portal: %w", err)
	}
	srv := &http.Server{Handler: portal.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// demoCrawl writes the portal's sources file beside the warehouse and runs
// one pass of the real crawler over it. The portal is local, so the
// per-host delay is short.
func demoCrawl(ctx context.Context, e *env, portal *sampleportal.Portal, base, db string) error {
	urls := map[string]string{}
	for _, s := range portal.Sites() {
		urls[s.ID] = base + "/" + s.ID
	}
	path := filepath.Join(filepath.Dir(db), "sources.yaml")
	if err := os.WriteFile(path, []byte(portal.SourcesYAML(urls)), 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	sources, err := readSources(path)
	if err != nil {
		return err
	}
	opt := passOptions{sources: sources, data: defaultArchiveDir(db), batch: 50,
		crawl: crawl.Config{Delay: 20 * time.Millisecond, Backoff: 100 * time.Millisecond}}
	sum, err := crawlPass(ctx, e, opt, fileStore(db))
	printSummary(e, sum)
	if ctx.Err() != nil {
		return ctx.Err() // Ctrl-C during the crawl: demo returns quietly
	}
	if err != nil {
		return fmt.Errorf("demo: crawl the sample portal: %w", err)
	}
	return nil
}

// demoListener listens on addr, or on a free loopback port when addr is
// taken (a second demo, another server on 8080).
func demoListener(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		return nil, fmt.Errorf("demo: listen on %s: %w", addr, err)
	}
	ln, err2 := net.Listen("tcp", "127.0.0.1:0")
	if err2 != nil {
		return nil, fmt.Errorf("demo: listen on %s: %w", addr, errors.Join(err, err2))
	}
	return ln, nil
}
