package charts

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Cached pages bound the memory the page cache holds: a province's compare
// page is 2.7 MB of HTML.
const (
	maxCachedPages     = 16
	maxCachedPageBytes = 64 << 20
)

// pageCache keeps rendered compare pages for one version of a Versioned
// DB. A page is a function of its URL and of what the warehouse holds, and
// a province's page (2.7 MB of HTML: 19 charts and 3 ranking tables over
// 185 counties and 6 years) costs more to build and render than its
// queries take at a million reports (issue 17): a second visit to it
// before the next batch lands is sent from here, gzipped already.
type pageCache struct {
	mu      sync.Mutex
	version uint64
	pages   map[string]renderedPage
	bytes   int
}

// renderedPage is a page's HTML and its gzip (at pageGzipLevel).
type renderedPage struct{ html, gz []byte }

// renderCached sends the page named key as render would, building it with
// build only when the cache has no copy for the DB's version. A DB that
// is not Versioned gets every page built. A failed build is sent as an
// error page and not kept.
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, key, name, title string, build func() (any, error)) {
	v, versioned := s.cfg.DB.(Versioned)
	var version uint64
	if versioned {
		version = v.Version()
		if p, ok := s.pageCache.get(version, key); ok {
			p.write(w, r)
			return
		}
	}
	page, err := build()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	p, err := s.renderGzipped(name, title, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if versioned {
		// Kept under the version read before the build: if a batch landed
		// meanwhile, the next visit sees a newer version and builds again.
		s.pageCache.put(version, key, p)
	}
	p.write(w, r)
}

// write sends the page, gzipped to a client that takes gzip (withGzip
// then leaves the body as it is).
func (p renderedPage) write(w http.ResponseWriter, r *http.Request) {
	if !acceptsGzip(r) || r.Method == http.MethodHead {
		writeHTML(w, http.StatusOK, p.html)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	w.Write(p.gz)
}

func (c *pageCache) get(version uint64, key string) (renderedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	return p, ok && c.version == version
}

func (c *pageCache) put(version uint64, key string, p renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	size := len(p.html) + len(p.gz)
	if c.pages == nil || c.version != version || len(c.pages) >= maxCachedPages || c.bytes+size > maxCachedPageBytes {
		c.version, c.pages, c.bytes = version, map[string]renderedPage{}, 0
	}
	c.pages[key] = p
	c.bytes += size
}

// renderGzipped executes the page template name around page and gzips
// it as it is written, on a goroutine of its own: a province's compare
// page takes about as long to gzip as to render, and the two overlap on
// two cores instead of following each other.
func (s *Server) renderGzipped(name, title string, page any) (renderedPage, error) {
	pr, pw := io.Pipe()
	zipped := make(chan []byte, 1)
	go func() {
		var buf bytes.Buffer
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(&buf)
		io.Copy(zw, pr) // a failed render closes the pipe with its error
		zw.Close()
		gzipPool.Put(zw)
		zipped <- buf.Bytes()
	}()
	var html bytes.Buffer
	bw := bufio.NewWriterSize(pw, 64<<10) // the template's many small writes, handed over in blocks
	data := layoutData{Title: title, Tab: name, HasEcharts: HasEcharts(), Assets: AssetsPath, Page: page}
	err := s.pages[name].Execute(io.MultiWriter(&html, bw), data)
	if err == nil {
		err = bw.Flush()
	}
	pw.CloseWithError(err)
	gz := <-zipped
	if err != nil {
		return renderedPage{}, fmt.Errorf("页面生成出错（render %s: %v）", name, err)
	}
	return renderedPage{html: html.Bytes(), gz: gz}, nil
}

// renderHTML executes the page template name around page.
func (s *Server) renderHTML(name, title string, page any) ([]byte, error) {
	var buf bytes.Buffer
	data := layoutData{Title: title, Tab: name, HasEcharts: HasEcharts(), Assets: AssetsPath, Page: page}
	if err := s.pages[name].Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("页面生成出错（render %s: %v）", name, err)
	}
	return buf.Bytes(), nil
}

// writeHTML sends a rendered page.
func writeHTML(w http.ResponseWriter, status int, html []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(html)
}
