package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// faulty is the real extractor, except that a document named with
// "panic" makes the reader panic and one named with "slow" makes it hang
// until release is closed: the faults the pool must survive.
type faulty struct {
	ex      *extract.Extractor
	release chan struct{}
}

func (f *faulty) Extract(in extract.Input) (*touming.Report, error) {
	switch {
	case strings.Contains(in.Name, "panic"):
		var m map[string]int
		m["reader bug"]++ // a nil-map write, as a buggy reader would
	case strings.Contains(in.Name, "slow"):
		<-f.release
	}
	return f.ex.Extract(in)
}

func newFaulty(t *testing.T) *faulty {
	ex := extract.New(extract.Config{})
	f := &faulty{ex: ex, release: make(chan struct{})}
	t.Cleanup(func() { close(f.release); ex.Close() })
	return f
}

func body(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// batches records what Write was given.
type batches struct {
	mu  sync.Mutex
	got [][]Result
}

func (b *batches) write(_ context.Context, rs []Result) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, rs)
	return nil
}

func job(name string, data []byte) Job {
	return Job{Document: touming.Document{URL: "file:///" + name}, Body: data, Name: name}
}

// TestOrderBatchesAndStatuses runs real documents through four workers:
// the results come back in submission order, in batches of three, each
// with the status the extractor gives it.
func TestOrderBatchesAndStatuses(t *testing.T) {
	files := []string{"pingtan-2024.html", "notice.html", "huaian-city-2024.txt"}
	var b batches
	p := Start(context.Background(), Config{Workers: 4, Batch: 3, Write: b.write}, newFaulty(t))
	for i := range 10 {
		f := files[i%3]
		if err := p.Submit(context.Background(), job(fmt.Sprintf("%02d-%s", i, f), body(t, f))); err != nil {
			t.Fatal(err)
		}
	}
	failed := touming.Document{URL: "http://x/gone", Status: touming.StatusFailed, Error: "HTTP 404"}
	if err := p.Submit(context.Background(), Job{Document: failed}); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	var all []Result
	for _, rs := range b.got {
		sizes = append(sizes, len(rs))
		all = append(all, rs...)
	}
	if fmt.Sprint(sizes) != "[3 3 3 2]" {
		t.Errorf("batch sizes %v, want [3 3 3 2]", sizes)
	}
	want := map[string]string{files[0]: touming.StatusOK, files[1]: touming.StatusNotReport, files[2]: touming.StatusOK}
	for i, r := range all[:10] {
		f := files[i%3]
		if r.Document.URL != "file:///"+fmt.Sprintf("%02d-%s", i, f) {
			t.Fatalf("result %d is %s: out of order", i, r.Document.URL)
		}
		if r.Document.Status != want[f] || (r.Report != nil) != (want[f] == touming.StatusOK) || !r.Extracted {
			t.Errorf("%s: status %q (%s), report %v", r.Document.URL, r.Document.Status, r.Document.Error, r.Report != nil)
		}
	}
	if last := all[10]; last.Extracted || last.Document.Status != touming.StatusFailed || last.Document.Error != "HTTP 404" {
		t.Errorf("a failed fetch is passed through as it is, got %+v", last)
	}
}

// TestPanicAndTimeLimit: a reader's panic and a reader past the time
// limit are those documents' failures; the documents around them are read.
func TestPanicAndTimeLimit(t *testing.T) {
	var b batches
	p := Start(context.Background(), Config{Workers: 2, Batch: 10, Timeout: 200 * time.Millisecond, Write: b.write}, newFaulty(t))
	page := body(t, "pingtan-2024.html")
	for _, n := range []string{"a.html", "panic.html", "slow.html", "b.html"} {
		if err := p.Submit(context.Background(), job(n, page)); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	rs := b.got[0]
	check := func(i int, status, reason string) {
		t.Helper()
		d := rs[i].Document
		if d.Status != status || !strings.Contains(d.Error, reason) {
			t.Errorf("%s: status %q error %q, want %q with %q", d.URL, d.Status, d.Error, status, reason)
		}
	}
	check(0, touming.StatusOK, "")
	check(1, touming.StatusFailed, "internal error")
	check(2, touming.StatusFailed, "time limit")
	check(3, touming.StatusOK, "")
}

// TestSubmitWaitsOnlyForTheWindow: while the writer is stuck, Submit
// accepts exactly a window of jobs beyond the batch being written, then
// blocks.
func TestSubmitWaitsOnlyForTheWindow(t *testing.T) {
	writing, unblock := make(chan struct{}), make(chan struct{})
	var once sync.Once
	write := func(ctx context.Context, rs []Result) error {
		once.Do(func() { close(writing) })
		<-unblock
		return nil
	}
	p := Start(context.Background(), Config{Workers: 2, Batch: 2, Window: 5, Write: write}, newFaulty(t))
	notice := body(t, "notice.html")
	submit := func(ctx context.Context, i int) error { return p.Submit(ctx, job(fmt.Sprintf("%d.html", i), notice)) }
	for i := range 2 {
		if err := submit(context.Background(), i); err != nil {
			t.Fatal(err)
		}
	}
	<-writing
	for i := range 5 {
		if err := submit(context.Background(), 2+i); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := submit(ctx, 7); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("submit past the window: %v, want it to wait", err)
	}
	close(unblock)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestWriteErrorStops: a batch that cannot be written stops the pipeline
// and its error comes back from Submit and Close.
func TestWriteErrorStops(t *testing.T) {
	disk := errors.New("disk full")
	p := Start(context.Background(), Config{Workers: 1, Batch: 1,
		Write: func(context.Context, []Result) error { return disk }}, newFaulty(t))
	notice := body(t, "notice.html")
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		err = p.Submit(context.Background(), job(fmt.Sprintf("%d.html", i), notice))
	}
	if !errors.Is(err, disk) {
		t.Errorf("submit after a failed write: %v", err)
	}
	if err := p.Close(context.Background()); !errors.Is(err, disk) {
		t.Errorf("close: %v, want the write error", err)
	}
}
