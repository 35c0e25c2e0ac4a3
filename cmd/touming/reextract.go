package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/warehouse"
)

// reextractConfig is what `touming reextract` was asked to do.
type reextractConfig struct {
	db    string
	data  string
	batch int
}

func parseReextract(e *env, args []string) (reextractConfig, error) {
	var c reextractConfig
	fl := flag.NewFlagSet("reextract", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.db, "db", "", "the warehouse file")
	fl.StringVar(&c.data, "data", "", "archive directory of fetched bodies (default: FILE.archive beside --db)")
	// 1,000 rather than a crawl's 20-200: a transaction's fixed cost (open,
	// lookups, the audit's and derived tables' statements, the checkpoint
	// at close) is most of a re-extraction's write once the re-written
	// reports are replaced set-based; 3,000 documents took 36 s of CPU in
	// batches of 200 and 16 s in batches of 1,000 (docs/benchmarks.md).
	fl.IntVar(&c.batch, "batch", 1000, "documents written per transaction")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming reextract --db FILE [--data DIR]\n\nRe-reads every archived document with this version's extractor, without the network,\nand rewrites its status and report in place. A document that now fails keeps its report.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	switch {
	case c.db == "":
		return c, fmt.Errorf("%w: --db FILE is required", errUsage)
	case fl.NArg() > 0:
		return c, fmt.Errorf("%w: unexpected arguments %v", errUsage, fl.Args())
	case c.batch < 1:
		return c, fmt.Errorf("%w: --batch must be at least 1", errUsage)
	}
	if c.data == "" {
		c.data = defaultArchiveDir(c.db)
	}
	return c, nil
}

// reextractStats counts a re-extraction.
type reextractStats struct {
	docs, missing int
	pictures      int // pages of pictures read by OCR, left as they were
	statuses      map[string]int
	st            warehouse.Stats
}

func runReextract(ctx context.Context, e *env, args []string) error {
	c, err := parseReextract(e, args)
	if err != nil {
		return err
	}
	docs, err := archivedDocuments(ctx, c.db)
	if err != nil {
		return err
	}
	ex := extract.New(extract.Config{OCR: ocrReader(e)})
	defer ex.Close()
	rs := &reextractStats{statuses: map[string]int{}}
	if err := rs.run(ctx, e, c, ex, docs); err != nil {
		return err
	}
	rs.print(e, c)
	return nil
}

// run reads each archived body in order and hands it to the pipeline,
// which re-extracts on every core and writes a batch per transaction,
// extracting the next batch while one is written.
func (rs *reextractStats) run(ctx context.Context, e *env, c reextractConfig, ex *extract.Extractor, docs []touming.Document) error {
	write := func(ctx context.Context, b []pipeline.Result) error {
		st, err := warehouse.WriteBatch(ctx, c.db, items(b))
		rs.st.Add(st)
		return err
	}
	count := func(r pipeline.Result) {
		rs.docs++
		rs.statuses[r.Document.Status]++
	}
	// The writes are the chain the run waits on, each using 1.3-1.5
	// cores (DuckDB's threads); the next batch is extracted during each (a
	// window of a batch) on the cores but the one the write keeps
	// (WriteCore): extraction stopped during a write before, and slowed
	// it when it took every core (docs/benchmarks.md, reext7).
	cfg := pipeline.Config{Batch: c.batch, Window: c.batch, WriteCore: true, Write: write, OnResult: count}
	p := pipeline.Start(ctx, cfg, ex)
	archive := crawl.Archive{Dir: c.data}
	for _, d := range docs {
		body, err := archive.Get(d.SHA256)
		if err != nil {
			// A body missing from the archive (a file loaded by hand, a
			// deleted archive) is reported and its document left as it is.
			rs.missing++
			if !errors.Is(err, fs.ErrNotExist) || d.SourceID != "" {
				e.log.Warn("not in the archive", "url", d.URL, "sha256", d.SHA256, "err", err)
			}
			continue
		}
		if picturesPage(d, body) {
			rs.pictures++
			continue
		}
		d.Status, d.Error = "", ""
		if err := p.Submit(ctx, pipeline.Job{Document: d, Body: body}); err != nil {
			return errors.Join(err, p.Close(ctx))
		}
	}
	return p.Close(ctx)
}

func archivedDocuments(ctx context.Context, path string) ([]touming.Document, error) {
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true, LockWait: time.Minute})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Archived(ctx)
}

func (rs *reextractStats) print(e *env, c reextractConfig) {
	fmt.Fprintf(e.stdout, "%d archived documents re-extracted into %s from %s\n", rs.docs, c.db, c.data)
	fmt.Fprintf(e.stdout, "  %d reports re-written, %d new report versions, %d without a report\n",
		rs.st.Replaced, rs.st.Reports, rs.st.Failed)
	for _, k := range sortedStatusKeys(rs.statuses) {
		fmt.Fprintf(e.stdout, "  status %s: %d\n", k, rs.statuses[k])
	}
	if rs.pictures > 0 {
		fmt.Fprintf(e.stdout, "  %d pages whose tables are pictures read by OCR: left as they were (their pictures are not re-read)\n", rs.pictures)
	}
	if rs.missing > 0 {
		// load does not copy the files it reads into the archive (they stay
		// the user's, on their disk): say how to re-read those.
		fmt.Fprintf(e.stdout, "  %d documents not in the archive (loaded from files, or the archive was moved): left as they were; re-read loaded files with `touming load --force PATH...`\n", rs.missing)
	}
}
