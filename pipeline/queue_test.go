package pipeline

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
	"github.com/touming/touming/extract"
	"github.com/touming/touming/sampleportal"
)

// slowStore is a warehouse that takes its time over each batch, and checks
// as each batch comes that the crawl has not run ahead of it by more than
// the queue allows.
type slowStore struct {
	memStore
	reports *atomic.Int64 // report pages the portal has been asked for
	ahead   int           // most fetched and not written the queue allows
	wmu     sync.Mutex
	written int
	worst   int // most fetched and not written seen
}

func (s *slowStore) WriteBatch(ctx context.Context, id, run string, items []BatchItem) (bool, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.worst = max(s.worst, int(s.reports.Load())-s.written)
	time.Sleep(20 * time.Millisecond) // a slow warehouse; nothing below counts time
	s.written += len(items)
	return s.memStore.WriteBatch(ctx, id, run, items)
}

// reportPage matches the report pages of both CMS families.
var reportPage = regexp.MustCompile(`(/t\d{8}_\d+\.htm|/art_\d+_\d+\.html)$`)

// TestSlowWriterHoldsTheQueueAtItsBound crawls 4 loopback hosts of 25
// reports into a store slower than the crawl, with the worker's queue
// bounded in documents, then in bytes: the queue fills to its bound and no
// further, the crawl runs ahead of the writes by the bound and a few
// documents per host at most, and every document is stored in the end.
func TestSlowWriterHoldsTheQueueAtItsBound(t *testing.T) {
	ex := extract.New(extract.Config{})
	defer ex.Close()
	const hosts = 4
	for _, tc := range []struct {
		name  string
		bound Bound
	}{
		{"documents", Bound{Items: 12, Bytes: 1 << 30}},
		{"bytes", Bound{Items: 1000, Bytes: 300 << 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srcs, reports, largest := queuePortal(t, hosts)
			st := &slowStore{memStore: memStore{ids: map[string]bool{}}, reports: reports}
			res, err := RunLocal(context.Background(), LocalConfig{StoreDir: t.TempDir(),
				Hub:    HubConfig{Store: st, Archive: crawl.Archive{Dir: t.TempDir()}, FailFast: true},
				Worker: WorkerConfig{Queue: tc.bound, Extract: Config{Batch: 5}}}, srcs, crawl.Config{Delay: 20 * time.Millisecond}, ex)
			if err != nil {
				t.Fatal(err)
			}
			if st.items != hosts*25 {
				t.Fatalf("%d documents stored, want %d", st.items, hosts*25)
			}
			hw := res.Queue
			t.Logf("high-water mark %d documents, %d bytes; crawl ahead of the writes by %d at most; largest report %d bytes",
				hw.Items, hw.Bytes, st.worst, largest.Load())
			// Outside the bound: per host, the document being fetched and
			// those being read for links before they ask for room, one or
			// two at this delay (and in bytes, the few let in at once when
			// the queue was nearly full); five is a margin for a busy machine.
			// (Without Admit the crawl ran 79 of its 100 documents ahead.)
			inBound := tc.bound.Items
			if tc.name == "documents" {
				if hw.Items != tc.bound.Items {
					t.Errorf("queue held %d documents at most, want its bound %d", hw.Items, tc.bound.Items)
				}
			} else {
				if hw.Bytes > tc.bound.Bytes || hw.Bytes <= tc.bound.Bytes-largest.Load() {
					t.Errorf("queue held %d bytes at most, want within a report (%d) of its bound %d", hw.Bytes, largest.Load(), tc.bound.Bytes)
				}
				inBound = hw.Items
			}
			if limit := inBound + 5*hosts; st.worst > limit {
				t.Errorf("the crawl ran %d documents ahead of the writes, more than the queue and five per host (%d)", st.worst, limit)
			}
		})
	}
}

// queuePortal serves hosts loopback hosts of 25 reports each and counts
// the report pages asked for and the largest served.
func queuePortal(t *testing.T, hosts int) (srcs []touming.Source, reports, largest *atomic.Int64) {
	p := sampleportal.New(sampleportal.Options{Sites: hosts, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, PerPage: 10})
	reports, largest = &atomic.Int64{}, &atomic.Int64{}
	urls := map[string]string{}
	for _, s := range p.Sites() {
		h := s.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !reportPage.MatchString(r.URL.Path) {
				h.ServeHTTP(w, r)
				return
			}
			reports.Add(1)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			n := int64(rec.Body.Len())
			for old := largest.Load(); n > old && !largest.CompareAndSwap(old, n); old = largest.Load() {
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		}))
		t.Cleanup(srv.Close)
		urls[s.ID] = srv.URL
	}
	srcs, err := crawl.ParseSources("queue.yaml", []byte(p.SourcesYAML(urls)))
	if err != nil {
		t.Fatal(err)
	}
	return srcs, reports, largest
}
