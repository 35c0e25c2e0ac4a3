package pipeline

import (
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/touming/touming"
	"github.com/touming/touming/crawl"
)

// countingTransport counts a site's requests, responses by status, retries
// and body bytes as they pass, for the run's stats.
type countingTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	st   touming.HTTPStats
	seen map[string]bool // URLs requested, to tell a retry
}

// newCountingTransport counts what passes through base; nil means
// crawl.NewTransport, whose dialer keeps the crawl's address guard (a clone
// of http.DefaultTransport let a worker given no transport be redirected to
// any loopback or private address).
func newCountingTransport(base http.RoundTripper) *countingTransport {
	if base == nil {
		base = crawl.NewTransport()
	}
	return &countingTransport{base: base, st: touming.HTTPStats{Responses: map[string]int64{}}, seen: map[string]bool{}}
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.String()
	t.mu.Lock()
	t.st.Requests++
	if t.seen[u] {
		t.st.Retries++
	}
	t.seen[u] = true
	t.mu.Unlock()
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	t.mu.Lock()
	t.st.Responses[strconv.Itoa(resp.StatusCode)]++
	t.mu.Unlock()
	resp.Body = &countingBody{ReadCloser: resp.Body, t: t}
	return resp, nil
}

// stats returns a copy of the counts so far.
func (t *countingTransport) stats() touming.HTTPStats {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := t.st
	out.Responses = map[string]int64{}
	for k, v := range t.st.Responses {
		out.Responses[k] = v
	}
	return out
}

type countingBody struct {
	io.ReadCloser
	t *countingTransport
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.t.mu.Lock()
	b.t.st.Bytes += int64(n)
	b.t.mu.Unlock()
	return n, err
}
