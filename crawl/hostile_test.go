package crawl

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/touming/touming"
)

// hostilePortal is a county column whose pages attack the crawler. Each
// attack is a path; the list page links every one of them under a report
// title, as a real column would. Add an attack by adding a handler.
type hostilePortal struct {
	srv *httptest.Server
	mu  sync.Mutex
	// hits counts requests per path; sent counts body bytes written.
	hits, sent map[string]int
	attacks    map[string]http.HandlerFunc
	robots     http.HandlerFunc // nil: 404, which allows everything
}

func startHostile(t *testing.T, attacks map[string]http.HandlerFunc) *hostilePortal {
	t.Helper()
	h := &hostilePortal{hits: map[string]int{}, sent: map[string]int{}, attacks: attacks}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hostilePortal) setRobots(f http.HandlerFunc) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.robots = f
}

func (h *hostilePortal) count(path string, sent int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent[path] += sent
}

func (h *hostilePortal) hitsOf(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.hits[path]
}

func (h *hostilePortal) sentOf(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sent[path]
}

func (h *hostilePortal) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.hits[r.URL.Path]++
	robots := h.robots
	h.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt" && robots != nil:
		robots(w, r)
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case r.URL.Path == "/xxgk/ndbg/index.htm":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>政府信息公开年度报告</title></head><body><ul class="list">`)
		for p := range h.attacks {
			fmt.Fprintf(w, `<li><a href="%s" title="某县人民政府2023年政府信息公开工作年度报告">某县人民政府2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>`, p)
		}
		fmt.Fprint(w, `</ul></body></html>`)
	default:
		if a, ok := h.attacks[r.URL.Path]; ok {
			a(w, r)
			return
		}
		http.NotFound(w, r)
	}
}

func (h *hostilePortal) sources() []touming.Source {
	return []touming.Source{{ID: "hostile", Name: "某县人民政府", Start: []string{h.srv.URL + "/xxgk/ndbg/index.htm"}}}
}

// reportPage is a realistic report page of about n bytes.
func reportPage(n int) string {
	head := `<html><head><meta charset="utf-8"><title>某县人民政府2023年政府信息公开工作年度报告</title></head><body><div class="article"><h1>某县人民政府2023年政府信息公开工作年度报告</h1>`
	return head + strings.Repeat("<p>本报告由某县人民政府办公室编制。</p>", max(0, n-len(head))/60+1) + `</div></body></html>`
}

// failureFor returns the failure listed for a URL ending in suffix.
func failureFor(sum touming.CrawlSummary, suffix string) string {
	for _, f := range sum.Failures {
		if strings.HasSuffix(f.URL, suffix) {
			return f.Reason
		}
	}
	return ""
}

// gzipBomb is a gzip stream of n MiB of zeros, about 1 KiB on the wire per
// MiB: identical gzip members, which a reader reads as one stream.
func gzipBomb(n int) []byte {
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return bytes.Repeat(member.Bytes(), n)
}

// zerosCoded is n MiB of zeros written through a compressor.
func zerosCoded(n int, wrap func(io.Writer) io.WriteCloser) []byte {
	var b bytes.Buffer
	w := wrap(&b)
	zero := make([]byte, 1<<20)
	for range n {
		w.Write(zero)
	}
	w.Close()
	return b.Bytes()
}

// TestGzipBombIsCutAtTheDecodedLimit: a body sent as x-gzip (which Go's
// transport leaves alone and Colly used to gunzip without a bound) is cut
// at the body limit counted in decoded bytes, whatever the coding, and
// the crawl's memory stays near that limit, not near the bomb's size.
func TestGzipBombIsCutAtTheDecodedLimit(t *testing.T) {
	bomb := gzipBomb(1024) // 1 GiB decoded, about 1 MB sent
	page := reportPage(4000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(page))
	zw.Close()
	serveCoded := func(coding string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", coding)
			w.Write(body)
		}
	}
	h := startHostile(t, map[string]http.HandlerFunc{
		"/bomb-x-gzip.htm": serveCoded("x-gzip", bomb),
		"/bomb-gzip.htm":   serveCoded("gzip", bomb),
		"/fine-x-gzip.htm": serveCoded("x-gzip", gz.Bytes()),
		"/bomb-deflate.htm": serveCoded("deflate", zerosCoded(128, func(w io.Writer) io.WriteCloser {
			return zlib.NewWriter(w)
		})),
		"/bomb-br.htm": serveCoded("br", zerosCoded(128, func(w io.Writer) io.WriteCloser {
			return brotli.NewWriterLevel(w, brotli.BestSpeed)
		})),
	})
	cfg := fastConfig()
	cfg.MaxBody = 1 << 20
	rec := &recorder{}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sum, err := Run(context.Background(), cfg, h.sources(), nil, rec.handle)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	// Decoding the bombs whole would allocate over 2 GiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("the crawl allocated %d MiB for four bombs with a 1 MiB limit", alloc>>20)
	}
	for _, p := range []string{"/bomb-x-gzip.htm", "/bomb-gzip.htm", "/bomb-deflate.htm", "/bomb-br.htm"} {
		if r := failureFor(sum, p); !strings.Contains(r, "byte limit once decoded") {
			t.Errorf("%s: failure %q, want the decoded limit named", p, r)
		}
		if n := h.hitsOf(p); n != 1 {
			t.Errorf("%s: requested %d times; over the limit is not retried", p, n)
		}
	}
	got := rec.byURL[h.srv.URL+"/fine-x-gzip.htm"]
	if string(got.Body) != page {
		t.Errorf("a small x-gzip page was handed over as %d bytes, want its %d decoded bytes", len(got.Body), len(page))
	}
}

// TestDripIsCutAtTheDocumentTime: a server that sends a byte at a time,
// never pausing long enough to trip the stall timeout, is cut at the time
// limit per document, and not asked again.
func TestDripIsCutAtTheDocumentTime(t *testing.T) {
	var h *hostilePortal
	const total = 400
	h = startHostile(t, map[string]http.HandlerFunc{
		"/drip.htm": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			page := reportPage(total)
			for i := range total {
				if _, err := w.Write([]byte{page[i]}); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				h.count("/drip.htm", 1)
				select {
				case <-time.After(20 * time.Millisecond):
				case <-r.Context().Done():
					return
				}
			}
		},
	})
	cfg := fastConfig()
	cfg.Timeout = 2 * time.Second // never reached: a byte comes every 20 ms
	cfg.DocTime = 300 * time.Millisecond
	rec := &recorder{}
	sum, err := Run(context.Background(), cfg, h.sources(), nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	if r := failureFor(sum, "/drip.htm"); !strings.Contains(r, "limit per document") {
		t.Errorf("failure %q, want the document time limit named", r)
	}
	if n := h.sentOf("/drip.htm"); n >= total {
		t.Errorf("the server sent all %d bytes: the download was not cut", n)
	}
	if n := h.hitsOf("/drip.htm"); n != 1 {
		t.Errorf("requested %d times; a document over its time is not retried", n)
	}
	if d := rec.byURL[h.srv.URL+"/drip.htm"]; d.Doc.Status != touming.StatusFailed || d.Body != nil {
		t.Errorf("handed over as %q with %d bytes, want failed with none", d.Doc.Status, len(d.Body))
	}
}
