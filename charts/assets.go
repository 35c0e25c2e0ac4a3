package charts

import (
	"embed"
	"io/fs"
	"net/http"
)

// assetFS holds the static files. The directory is embedded whole so that
// the package builds before `make assets` has fetched echarts.min.js; the
// pages then say what is missing instead of failing to compile.
//
//go:embed assets
var assetFS embed.FS

// echartsFile is the embedded echarts bundle's name in assetFS.
const echartsFile = "assets/echarts.min.js"

// AssetsPath is the URL prefix the pages load their scripts from: the
// server's own route, never a CDN.
const AssetsPath = "/assets/"

// HasEcharts reports whether the echarts bundle was embedded at build time.
func HasEcharts() bool {
	_, err := fs.Stat(assetFS, echartsFile)
	return err == nil
}

// serveEcharts serves the embedded bundle, gzipped for browsers that take
// it. It is immutable for a given binary, so browsers may cache it for a day.
func (s *Server) serveEcharts(w http.ResponseWriter, r *http.Request) {
	data, err := assetFS.ReadFile(echartsFile)
	if err != nil {
		http.Error(w, "echarts.min.js was not embedded in this binary: run `make assets` and rebuild", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if acceptsGzip(r) {
		// Compressed once at best compression (1 MB to about 330 kB);
		// withGzip leaves a body that has its Content-Encoding alone.
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(echartsGzip.get(data))
		return
	}
	w.Write(data)
}
