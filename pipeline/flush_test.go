package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/sampleportal"
)

// notingStore is a store in memory that closes written at its first batch.
type notingStore struct {
	memStore
	once    sync.Once
	written chan struct{}
}

func (s *notingStore) WriteBatch(ctx context.Context, id, run string, items []BatchItem) (bool, error) {
	defer s.once.Do(func() { close(s.written) })
	return s.memStore.WriteBatch(ctx, id, run, items)
}

// TestFlushWritesBeforeTheLastRequest crawls a loopback host of 25 reports
// with a batch larger than the site, so that without the time-based flush
// its one batch is sent after its last request. The portal holds the last
// report page's response until the store has written a batch (or gives up
// after a minute): with FlushAfter the documents fetched so far are written
// while the crawl goes on.
func TestFlushWritesBeforeTheLastRequest(t *testing.T) {
	ex := extract.New(extract.Config{})
	defer ex.Close()
	p := sampleportal.New(sampleportal.Options{Sites: 1, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, PerPage: 10})
	st := &notingStore{memStore: memStore{ids: map[string]bool{}}, written: make(chan struct{})}
	var reports atomic.Int64
	var before atomic.Bool // a batch was written before the last report was answered
	urls := map[string]string{}
	for _, s := range p.Sites() {
		h := s.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if reportPage.MatchString(r.URL.Path) && reports.Add(1) == 25 {
				select {
				case <-st.written:
					before.Store(true)
				case <-time.After(time.Minute): // without the flush: nothing comes
				}
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		urls[s.ID] = srv.URL
	}
	srcs, err := crawl.ParseSources("flush.yaml", []byte(p.SourcesYAML(urls)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = RunLocal(context.Background(), LocalConfig{StoreDir: t.TempDir(),
		Hub:    HubConfig{Store: st, Archive: crawl.Archive{Dir: t.TempDir()}, FailFast: true},
		Worker: WorkerConfig{Extract: Config{Batch: 100, FlushAfter: 10 * time.Millisecond}}},
		srcs, crawl.Config{Delay: 10 * time.Millisecond, Timeout: 2 * time.Minute}, ex)
	if err != nil {
		t.Fatal(err)
	}
	if st.items != 25 {
		t.Fatalf("%d documents stored, want 25", st.items)
	}
	if !before.Load() {
		t.Error("no batch was written before the last report page was answered")
	}
}

// TestFlushAfterWritesAPartialBatch: a result held FlushAfter is written
// though its batch is not full and the pipeline is still open.
func TestFlushAfterWritesAPartialBatch(t *testing.T) {
	wrote := make(chan int, 1)
	write := func(_ context.Context, rs []Result) error {
		wrote <- len(rs)
		return nil
	}
	p := Start(context.Background(), Config{Workers: 1, Batch: 100, FlushAfter: time.Millisecond, Write: write}, newFaulty(t))
	if err := p.Submit(context.Background(), job("0.html", body(t, "notice.html"))); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-wrote:
		if n != 1 {
			t.Errorf("wrote %d results, want 1", n)
		}
	case <-time.After(time.Minute):
		t.Fatal("nothing written while the pipeline was open")
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}
