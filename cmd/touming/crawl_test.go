package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/sampleportal"
	"github.com/touming/touming/warehouse"
)

// crawlPortal serves the sample portal, one loopback host per site, and
// writes its sources file.
type crawlPortal struct {
	*sampleportal.Portal
	urls    map[string]string
	sources string // the sources file
}

func startCrawlPortal(t *testing.T) *crawlPortal {
	t.Helper()
	p := &crawlPortal{Portal: sampleportal.New(sampleportal.Options{Slow: 20 * time.Millisecond}), urls: map[string]string{}}
	for _, s := range p.Sites() {
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		p.urls[s.ID] = srv.URL
	}
	p.sources = filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(p.sources, []byte(p.SourcesYAML(p.urls)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *crawlPortal) site(id string) *sampleportal.Site {
	for _, s := range p.Sites() {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// fastPass is a pass with a tiny per-host delay and backoff, for tests.
func fastPass(t *testing.T, p *crawlPortal, db string, batch int) passOptions {
	t.Helper()
	srcs, err := readSources(p.sources)
	if err != nil {
		t.Fatal(err)
	}
	return passOptions{sources: srcs, data: defaultArchiveDir(db), batch: batch,
		crawl: crawl.Config{Delay: time.Millisecond, Backoff: 5 * time.Millisecond}}
}

// query runs SQL on the warehouse read-only and returns the rows as text.
func query(t *testing.T, db, sql string) []string {
	t.Helper()
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tab, err := w.Query(context.Background(), 0, sql)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range tab.Rows {
		out = append(out, fmt.Sprint(r...))
	}
	return out
}

// TestCrawlCommandLoadsThePortal crawls the sample portal with the command
// as a user runs it, then checks the warehouse against the portal's truth.
func TestCrawlCommandLoadsThePortal(t *testing.T) {
	p := startCrawlPortal(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	code, out, errs := runCmd(t, "crawl", "--sources", p.sources, "--db", db, "--delay", "1ms")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "crawl pass: 7 sources") || !strings.Contains(out, "no_text") ||
		!strings.Contains(out, "disallowed by robots.txt") {
		t.Errorf("summary does not list the sources and the scanned PDF:\n%s", out)
	}
	for _, r := range p.Reports() {
		// a page whose report is its attachment is not a failure; a page
		// whose tables are an image is
		listed := strings.Contains(out, p.urls[r.Site]+r.Path+"\n")
		if r.Attachment != "" && listed || r.Form == sampleportal.FormImage && listed == ocrInstalled() {
			t.Errorf("%s %d (%s): listed among the failures: %v", r.Site, r.Year, r.Form, listed)
		}
	}
	checkAgainstTruth(t, p, db)
	if n := len(query(t, db, "SELECT id FROM sources")); n != 7 {
		t.Errorf("%d sources recorded, want 7", n)
	}
	if _, err := os.Stat(filepath.Join(db + ".archive")); err != nil {
		t.Errorf("no archive beside the warehouse: %v", err)
	}
}

// checkAgainstTruth compares the report values in the warehouse with what
// the portal's pages print, and the statuses of those without tables.
func checkAgainstTruth(t *testing.T, p *crawlPortal, db string) {
	t.Helper()
	status := map[string][]string{}
	for _, row := range query(t, db, "SELECT final_url || ' ' || status FROM documents") {
		u, s, _ := strings.Cut(row, " ")
		status[u] = append(status[u], s)
	}
	values := map[string]string{}
	for _, row := range query(t, db, "SELECT url || ' ' || key || ' ' || coalesce(CAST(value AS VARCHAR), 'null') FROM report_values") {
		f := strings.Fields(row)
		values[f[0]+" "+f[1]] = strings.TrimSuffix(f[2], ".0")
	}
	for _, r := range p.Reports() {
		u := p.urls[r.Site] + r.TablesPath()
		r = withoutOCR(r)
		if st := status[u]; len(st) != 1 || st[0] != r.Status {
			t.Errorf("%s %d (%s): document statuses %v, want [%s]", r.Site, r.Year, r.Form, st, r.Status)
			continue
		}
		for k, v := range r.Values { // every field of the template, as printed
			want := "null"
			if v != nil {
				want = fmt.Sprint(*v)
			}
			if got := values[u+" "+k]; got != want {
				t.Errorf("%s %d (%s) %s = %q, want %s", r.Site, r.Year, r.Form, k, got, want)
			}
		}
	}
}

// TestSecondPassAddsNothing: a re-run over an unchanged portal fetches the
// list pages again but downloads no report and adds no row.
func TestSecondPassAddsNothing(t *testing.T) {
	p := startCrawlPortal(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	e, _, _ := whEnv()
	opt := fastPass(t, p, db, 10)
	if _, err := crawlPass(context.Background(), e, opt, fileStore(db)); err != nil {
		t.Fatal(err)
	}
	count := "SELECT (SELECT count(*) FROM documents) || ' documents, ' || (SELECT count(*) FROM reports) || ' reports'"
	before := query(t, db, count)
	hits := map[string]int{}
	for _, r := range p.Reports() {
		hits[r.Site+r.TablesPath()] = p.site(r.Site).Hits(r.TablesPath())
	}
	sum, err := crawlPass(context.Background(), e, opt, fileStore(db))
	if err != nil {
		t.Fatal(err)
	}
	if after := query(t, db, count); after[0] != before[0] {
		t.Errorf("second pass changed the warehouse: %s, was %s", after[0], before[0])
	}
	for _, r := range p.Reports() {
		if n := p.site(r.Site).Hits(r.TablesPath()); n != hits[r.Site+r.TablesPath()] {
			t.Errorf("%s downloaded again", r.TablesPath())
		}
	}
	if tot := sum.Total(); tot.New+tot.Changed != 0 || tot.Pages == 0 {
		t.Errorf("second pass: %+v", tot)
	}
}

// TestKilledPassResumes: a pass stopped after its first batch, then run
// again, leaves the same warehouse as one uninterrupted pass.
func TestKilledPassResumes(t *testing.T) {
	p := startCrawlPortal(t)
	e, _, _ := whEnv()
	whole := filepath.Join(t.TempDir(), "whole.duckdb")
	if _, err := crawlPass(context.Background(), e, fastPass(t, p, whole, 5), fileStore(whole)); err != nil {
		t.Fatal(err)
	}
	killed := filepath.Join(t.TempDir(), "killed.duckdb")
	ctx, cancel := context.WithCancel(context.Background())
	store := fileStore(killed)
	write := store.write
	store.batches = nil // every batch through the write below
	store.write = func(ctx context.Context, items []warehouse.Item) (warehouse.Stats, error) {
		defer cancel() // killed right after the first batch is written
		return write(ctx, items)
	}
	if _, err := crawlPass(ctx, e, fastPass(t, p, killed, 5), store); err == nil {
		t.Fatal("the killed pass reported no error")
	}
	partial := query(t, killed, "SELECT count(*) FROM documents")
	if _, err := crawlPass(context.Background(), e, fastPass(t, p, killed, 5), fileStore(killed)); err != nil {
		t.Fatal(err)
	}
	// Both runs crawl the same servers, so the URLs are the same.
	for _, q := range []string{
		"SELECT url, version, latest, year, agency, template FROM reports ORDER BY url",
		"SELECT final_url, sha256, status FROM documents ORDER BY final_url",
		"SELECT url, key, coalesce(CAST(value AS VARCHAR), 'null') FROM report_values ORDER BY url, key",
	} {
		a, b := query(t, whole, q), query(t, killed, q)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s: uninterrupted %d rows, resumed %d rows (%s documents after the kill)", q, len(a), len(b), partial)
		}
	}
}

// TestReextractRereadsTheArchive re-extracts a crawled warehouse from its
// archive alone: the portal is gone, every report is re-written in place
// and no version is added.
func TestReextractRereadsTheArchive(t *testing.T) {
	p := startCrawlPortal(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	e, _, _ := whEnv()
	if _, err := crawlPass(context.Background(), e, fastPass(t, p, db, 10), fileStore(db)); err != nil {
		t.Fatal(err)
	}
	q := "SELECT url, version, latest FROM reports ORDER BY url"
	before := query(t, db, q)
	code, out, errs := runCmd(t, "reextract", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if after := query(t, db, q); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("reextract changed the reports:\n%v\nwas\n%v", after, before)
	}
	want := fmt.Sprintf("%d reports re-written", len(before)-picturePages(p.Reports()))
	if !strings.Contains(out, want) {
		t.Errorf("summary lacks %q:\n%s", want, out)
	}
	checkAgainstTruth(t, p, db)
}

func TestCrawlUsageAndSourceErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("sources:\n  - id: a\n    name: A\n    start: [http://127.0.0.1:1/]\n"), 0o644)
	os.WriteFile(bad, []byte("sources:\n  - id: a\n    name: A\n    start: [http://127.0.0.1:1/]\n  - id: b\n    start: [http://127.0.0.1:1/]\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"crawl", "--db", "x.duckdb"}, 2, "--sources FILE and --db FILE are required"},
		{[]string{"crawl", "--sources", bad, "--db", "x", "--every", "1h", "--schedule", "0 3 * * *"}, 2, "not both"},
		{[]string{"crawl", "--sources", bad, "--db", "x", "--schedule", "every day"}, 2, "--schedule"},
		{[]string{"crawl", "--sources", bad, "--db", filepath.Join(dir, "w.duckdb")}, 1, "bad.yaml:5: source 2: b: name is required"},
		{[]string{"crawl", "--sources", filepath.Join(dir, "missing.yaml"), "--db", "x"}, 1, "missing.yaml"},
		{[]string{"reextract"}, 2, "--db FILE is required"},
		{[]string{"crawl", "--sources", good, "--db", "x", "--doc-time", "10s"}, 2, "--doc-time 10s is shorter than --timeout"},
		{[]string{"crawl", "--sources", good, "--db", "x", "--max-body", "0"}, 2, "--max-body 0"},
		{[]string{"crawl", "--sources", good, "--db", "x", "--retries", "-1"}, 2, "cannot be negative"},
		{[]string{"crawl", "--sources", good, "--db", "x", "--max-pages", "0"}, 2, "--max-pages"},
		{[]string{"crawl", "--sources", good, "--db", filepath.Join(dir, "w.duckdb"), "--only", "a,c"}, 2, "--only c: no source"},
	} {
		code, _, errs := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestCrawlProgressOnATerminal: on a terminal the pass redraws one line
// with the counts; the summary goes to stdout.
func TestCrawlProgressOnATerminal(t *testing.T) {
	p := startCrawlPortal(t)
	db := filepath.Join(t.TempDir(), "w.duckdb")
	e, out, errb := whEnv()
	e.tty = true
	sum, err := crawlPass(context.Background(), e, fastPass(t, p, db, 50), fileStore(db))
	if err != nil {
		t.Fatal(err)
	}
	printSummary(e, sum)
	last := errb.String()[strings.LastIndex(errb.String(), "\033[8A"):] // the final block
	if !strings.Contains(last, "huixian") || !strings.Contains(last, "all 7 sources") || strings.Count(last, "\n") != 8 {
		t.Errorf("no progress line on the terminal:\n%q", errb.String())
	}
	if strings.Contains(errb.String(), "level=INFO") {
		t.Errorf("log lines on a terminal: %q", errb.String())
	}
	if !strings.Contains(out.String(), "yanjin") || !strings.Contains(out.String(), "not read (") {
		t.Errorf("summary:\n%s", out.String())
	}
}

func TestRepeatEveryAndSchedule(t *testing.T) {
	e, _, _ := whEnv()
	ctx, cancel := context.WithCancel(context.Background())
	passes := 0
	err := repeatEvery(ctx, e, time.Millisecond, func(context.Context) error {
		if passes++; passes == 3 {
			cancel()
		}
		return fmt.Errorf("a portal is down") // logged, and the next pass still runs
	})
	if err != nil || passes != 3 {
		t.Errorf("--every: %d passes, err %v; want 3 passes and no error", passes, err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	passes = 0
	err = repeatOnSchedule(ctx, e, "@every 1s", func(context.Context) error {
		passes++
		cancel()
		return nil
	})
	if err != nil || passes != 1 {
		t.Errorf("--schedule: %d passes, err %v", passes, err)
	}
}

func TestOnlySources(t *testing.T) {
	all := []touming.Source{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	got, err := onlySources(all, "c, a")
	if err != nil || len(got) != 2 || got[0].ID != "c" || got[1].ID != "a" {
		t.Errorf("%+v %v", got, err)
	}
	if got, _ := onlySources(all, ""); len(got) != 3 {
		t.Errorf("no --only keeps %d sources", len(got))
	}
}
