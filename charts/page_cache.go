package charts

import (
	"bytes"
	"fmt"
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
// before the next batch lands is sent from here.
type pageCache struct {
	mu      sync.Mutex
	version uint64
	pages   map[string][]byte
	bytes   int
}

// renderCached sends the page named key as render would, building it with
// build only when the cache has no copy for the DB's version. A DB that
// is not Versioned gets every page built. A failed build is sent as an
// error page and not kept.
func (s *Server) renderCached(w http.ResponseWriter, key, name, title string, build func() (any, error)) {
	v, versioned := s.cfg.DB.(Versioned)
	var version uint64
	if versioned {
		version = v.Version()
		if html, ok := s.pageCache.get(version, key); ok {
			writeHTML(w, http.StatusOK, html)
			return
		}
	}
	page, err := build()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err)
		return
	}
	html, err := s.renderHTML(name, title, page)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if versioned {
		// Kept under the version read before the build: if a batch landed
		// meanwhile, the next visit sees a newer version and builds again.
		s.pageCache.put(version, key, html)
	}
	writeHTML(w, http.StatusOK, html)
}

func (c *pageCache) get(version uint64, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	html, ok := c.pages[key]
	return html, ok && c.version == version
}

func (c *pageCache) put(version uint64, key string, html []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || c.version != version || len(c.pages) >= maxCachedPages || c.bytes+len(html) > maxCachedPageBytes {
		c.version, c.pages, c.bytes = version, map[string][]byte{}, 0
	}
	c.pages[key] = html
	c.bytes += len(html)
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
