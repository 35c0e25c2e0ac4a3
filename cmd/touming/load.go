package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/pipeline"
	"github.com/touming/touming/warehouse"
)

// loadConfig is what `touming load` was asked to do.
type loadConfig struct {
	db    string
	batch int
	force bool
	paths []string
}

func parseLoad(e *env, args []string) (loadConfig, error) {
	var c loadConfig
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	fl.StringVar(&c.db, "db", "", "the warehouse file (created if missing)")
	fl.IntVar(&c.batch, "batch", 200, "documents written per transaction")
	fl.BoolVar(&c.force, "force", false, "re-extract files already loaded and re-write their reports")
	fl.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: touming load --db FILE [--batch N] [--force] PATH...\n\nExtracts report files (or folders of them, recursively) and loads them.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return c, fmt.Errorf("%w: %w", errUsage, err)
	}
	c.paths = fl.Args()
	switch {
	case c.db == "":
		return c, fmt.Errorf("%w: --db FILE is required", errUsage)
	case len(c.paths) == 0:
		return c, fmt.Errorf("%w: name at least one file or folder to load", errUsage)
	case c.batch < 1:
		return c, fmt.Errorf("%w: --batch must be at least 1", errUsage)
	}
	return c, nil
}

// runLoad extracts files and writes them to the warehouse, one transaction
// per batch; the warehouse is open only while a batch is written.
func runLoad(ctx context.Context, e *env, args []string) error {
	c, err := parseLoad(e, args)
	if err != nil {
		return err
	}
	files, err := reportFiles(c.paths)
	if err != nil {
		return err
	}
	known, err := knownDocuments(ctx, c.db, files)
	if err != nil {
		return err
	}
	ex := extract.New(extract.Config{OCR: ocrReader(e)})
	defer ex.Close()
	l := &loader{e: e, cfg: c, known: known, ex: ex, total: len(files), statuses: map[string]int{}}
	if err := l.run(ctx, files); err != nil {
		return err
	}
	l.summary()
	return nil
}

// reportFiles lists the files under paths: a file named is loaded whatever
// its name; in folders, the files with a report's extension.
func reportFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", p, err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && reportExt[strings.ToLower(filepath.Ext(path))] {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", p, err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// reportExt are the extensions a folder's report files carry.
var reportExt = map[string]bool{
	".html": true, ".htm": true, ".shtml": true, ".xhtml": true, ".txt": true,
	".pdf": true, ".docx": true, ".doc": true, ".wps": true,
}

// knownDocuments reads what the warehouse already holds of files, so that
// unchanged files are not extracted again; only their documents are read,
// not the warehouse's. A missing warehouse holds nothing.
func knownDocuments(ctx context.Context, path string, files []string) (map[string]touming.Document, error) {
	urls := make([]string, len(files))
	for i, f := range files {
		urls[i] = fileURL(f)
	}
	docs, err := readOnce(ctx, path, func(db *warehouse.DB, ctx context.Context) ([]touming.Document, error) {
		return db.DocumentsAt(ctx, urls)
	})
	if err != nil {
		return nil, err
	}
	known := make(map[string]touming.Document, len(docs))
	for _, d := range docs {
		known[d.URL] = d
	}
	return known, nil
}

// fileURL is the URL a loaded file is recorded under: its absolute path.
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// job reads one file into a pipeline job; false means it is unchanged
// and needs no reading. A file that cannot be read is a failed document.
func (l *loader) job(path string) (pipeline.Job, bool) {
	d := touming.Document{URL: fileURL(path), FetchedAt: time.Now().UTC()}
	data, err := os.ReadFile(path)
	if err != nil {
		d.Status, d.Error = touming.StatusFailed, err.Error()
		return pipeline.Job{Document: d, Name: path}, true
	}
	sum := sha256.Sum256(data)
	d.SHA256, d.Size = hex.EncodeToString(sum[:]), int64(len(data))
	if k, ok := l.known[d.URL]; ok && k.SHA256 == d.SHA256 {
		// Unchanged: read it again only when asked to, or when it gave no
		// report last time (the warehouse then adds the report).
		if !l.cfg.force && k.Status == touming.StatusOK {
			return pipeline.Job{}, false
		}
		if l.cfg.force {
			d.ID = k.ID
		}
	}
	return pipeline.Job{Document: d, Body: data, Name: path, Images: localImages(path, data)}, true
}

// loader carries a load's progress.
type loader struct {
	e        *env
	cfg      loadConfig
	known    map[string]touming.Document
	ex       *extract.Extractor
	total    int
	done     int
	st       warehouse.Stats
	statuses map[string]int
	ocr      map[string]int // reports read by OCR, by status
}

// run reads the files in order and hands them to the pipeline, which
// extracts them on every core and writes a batch per transaction.
func (l *loader) run(ctx context.Context, files []string) error {
	p := pipeline.Start(ctx, pipeline.Config{Batch: l.cfg.batch, Write: l.write, OnResult: l.result}, l.ex)
	for _, f := range files {
		j, ok := l.job(f)
		if !ok {
			l.st.Unchanged++
			l.done++
			continue
		}
		if err := p.Submit(ctx, j); err != nil {
			return errors.Join(err, p.Close(ctx))
		}
	}
	err := p.Close(ctx)
	if l.done < l.total && err == nil {
		l.done = l.total
		l.progress()
	}
	return err
}

// write stores one batch and shows progress.
func (l *loader) write(ctx context.Context, rs []pipeline.Result) error {
	st, err := warehouse.WriteBatch(ctx, l.cfg.db, items(rs))
	if err != nil {
		return err
	}
	l.st.Add(st)
	l.done += len(rs)
	l.progress()
	return nil
}

// result names each file that holds no report.
func (l *loader) result(r pipeline.Result) {
	if r.Report != nil {
		l.readByOCR(r)
		return
	}
	l.statuses[r.Document.Status]++
	l.e.log.Warn("no report", "file", r.Document.URL, "status", r.Document.Status, "reason", r.Document.Error)
}

// items turns pipeline results into warehouse items.
func items(rs []pipeline.Result) []warehouse.Item {
	out := make([]warehouse.Item, len(rs))
	for i, r := range rs {
		out[i] = warehouse.Item{Document: r.Document, Report: r.Report}
	}
	return out
}

// progress redraws a line on a terminal, and logs a line otherwise.
func (l *loader) progress() {
	if l.e.tty {
		fmt.Fprintf(l.e.stderr, "\rloading %s: %d/%d files, %d reports, %d without a report",
			l.cfg.db, l.done, l.total, l.st.Reports+l.st.Duplicates+l.st.Replaced, l.st.Failed)
		if l.done == l.total {
			fmt.Fprintln(l.e.stderr)
		}
		return
	}
	l.e.log.Info("batch written", "db", l.cfg.db, "files", l.done, "of", l.total)
}

// summary prints what the load did.
func (l *loader) summary() {
	s := l.st
	fmt.Fprintf(l.e.stdout, "%d files loaded into %s\n", l.total, l.cfg.db)
	fmt.Fprintf(l.e.stdout, "  %d new report versions, %d already known under another name, %d re-written\n",
		s.Reports, s.Duplicates, s.Replaced)
	fmt.Fprintf(l.e.stdout, "  %d unchanged, %d cells written\n", s.Unchanged, s.Cells)
	l.ocrSummary()
	fmt.Fprintf(l.e.stdout, "  %d without a report", s.Failed)
	var parts []string
	for _, k := range sortedStatusKeys(l.statuses) {
		parts = append(parts, fmt.Sprintf("%s %d", k, l.statuses[k]))
	}
	if len(parts) > 0 {
		fmt.Fprintf(l.e.stdout, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(l.e.stdout)
}

func sortedStatusKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
