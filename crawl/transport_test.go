package crawl

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
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

// TestDecodeBodyCodings: every coding a portal may send decodes to the page
// as served, including the raw DEFLATE many servers send as "deflate".
func TestDecodeBodyCodings(t *testing.T) {
	page := reportPage(5000)
	for coding, wrap := range map[string]func(io.Writer) io.WriteCloser{
		"gzip":         func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) },
		"x-gzip":       func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) },
		"deflate":      func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) },
		"deflate(raw)": func(w io.Writer) io.WriteCloser { fw, _ := flate.NewWriter(w, 5); return fw },
		"br":           func(w io.Writer) io.WriteCloser { return brotli.NewWriter(w) },
		"identity":     func(w io.Writer) io.WriteCloser { return nopWriteCloser{w} },
	} {
		var b bytes.Buffer
		w := wrap(&b)
		io.WriteString(w, page)
		w.Close()
		res := &http.Response{Header: http.Header{"Content-Encoding": {strings.TrimSuffix(coding, "(raw)")},
			"Content-Length": {strconv.Itoa(b.Len())}}, Body: io.NopCloser(&b)}
		if err := decodeBody(res, 1<<20); err != nil {
			t.Fatalf("%s: %v", coding, err)
		}
		got, err := io.ReadAll(res.Body)
		if err != nil || string(got) != page {
			t.Errorf("%s: %d bytes, err %v; want the %d of the page", coding, len(got), err, len(page))
		}
		if coding != "identity" && (res.Header.Get("Content-Encoding") != "" || res.Header.Get("Content-Length") != "") {
			t.Errorf("%s: coded-body headers kept: %v", coding, res.Header)
		}
	}
	res := &http.Response{Header: http.Header{"Content-Encoding": {"compress"}}, Body: io.NopCloser(strings.NewReader("x"))}
	if err := decodeBody(res, 10); !isPermanent(err) {
		t.Errorf("an unknown coding: %v, want a permanent refusal", err)
	}
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
