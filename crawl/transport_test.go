package crawl

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestCrawlDelayIsObeyed: a robots.txt Crawl-delay longer than the
// configured delay slows that host down, and the body still reaches Colly.
func TestCrawlDelayIsObeyed(t *testing.T) {
	robots := "User-agent: *\nCrawl-delay: 5\nDisallow: /admin/\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, robots)
	}))
	defer srv.Close()
	tr := newPoliteTransport(http.DefaultTransport, limits{delay: time.Millisecond, parallel: 1, stall: time.Minute, docTime: time.Minute, maxBody: 1 << 20})
	req, _ := http.NewRequest("GET", srv.URL+"/robots.txt", nil)
	req.Header.Set("User-Agent", DefaultUserAgent)
	res, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != robots {
		t.Errorf("body after reading the delay: %q", body)
	}
	if got := tr.gate(req.URL.Host).delay; got != 5*time.Second {
		t.Errorf("host delay %s, want 5s", got)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/plain" || res.Header.Get(headerContentType) != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q kept as %q", ct, res.Header.Get(headerContentType))
	}
	if other := tr.gate("example.gov.cn").delay; other != time.Millisecond {
		t.Errorf("another host's delay changed: %s", other)
	}
}
