package charts

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// Pages, CSV and JSON downloads and the 1 MB echarts bundle are text that
// gzip shrinks four- to tenfold, which is what makes the pages quick over
// a county's slow intranet link. The bundle is compressed once and kept;
// everything else is compressed as it is written, so that a streamed
// download stays streamed.

// compressible lists the content types worth compressing; images, zips and
// Parquet files are compressed already.
var compressible = []string{"text/", "application/json", "application/javascript", "image/svg+xml"}

// acceptsGzip reports whether the request allows a gzip body.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// gzipWriter compresses the body when, at the first write, the handler's
// content type is compressible and it has not encoded the body itself.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) decide() {
	if g.decided {
		return
	}
	g.decided = true
	h := g.Header()
	if h.Get("Content-Encoding") != "" {
		return
	}
	ct := h.Get("Content-Type")
	for _, p := range compressible {
		if strings.HasPrefix(ct, p) {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = gzipPool.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
			return
		}
	}
}

// WriteHeader decides before the header goes out.
func (g *gzipWriter) WriteHeader(code int) {
	if code != http.StatusNotModified && code != http.StatusNoContent {
		g.decide()
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	g.decide()
	if g.gz == nil {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

// Flush sends what is compressed so far, for streamed downloads.
func (g *gzipWriter) Flush() {
	if g.gz != nil {
		g.gz.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
		gzipPool.Put(g.gz)
		g.gz = nil
	}
}

// pageGzipLevel is the compression of what is compressed as it is sent.
// Level 3, not the default 6: a province's compare page (2.7 MB of HTML)
// takes 20 ms at 3 and 75 ms at 6 on this project's 2-core machine, for
// 350 KB against 289 KB sent (issue 17, docs/benchmarks.md).
const pageGzipLevel = 3

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, pageGzipLevel); return w }}

// withGzip compresses h's responses for clients that accept gzip.
func withGzip(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r) || r.Method == http.MethodHead {
			h.ServeHTTP(w, r)
			return
		}
		g := &gzipWriter{ResponseWriter: w}
		defer g.close()
		h.ServeHTTP(g, r)
	})
}

// precompressed holds the gzip of a static asset, made on first use.
type precompressed struct {
	once sync.Once
	gz   []byte
}

func (p *precompressed) get(data []byte) []byte {
	p.once.Do(func() {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(data)
		w.Close()
		p.gz = buf.Bytes()
	})
	return p.gz
}

var echartsGzip precompressed
