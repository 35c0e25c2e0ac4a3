package crawl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestReportPagePictures: a report page whose body holds pictures and no
// table has its pictures fetched (the site's logo, a 404 and a picture
// robots.txt keeps out left out), with the crawler's User-Agent; a page
// with a table has none fetched.
func TestReportPagePictures(t *testing.T) {
	var mu sync.Mutex
	var agents []string
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	mux.HandleFunc("/u/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "gone.png") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG " + r.URL.Path))
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fetched %s, which robots.txt disallows", r.URL)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := fastConfig()
	cfg.AllowPrivate = true // srv stands for a public portal
	cfg = cfg.withDefaults()
	p := newPass(ctx, cancel, cfg, nil, nil)
	page, _ := url.Parse(srv.URL + "/zwgk/2024/t1.html")
	body := `<html><body><div class="header"><img src="/u/logo.png"></div>
<p>二、主动公开政府信息情况</p><p><img src="../../u/t2.png"></p><p><img src="/u/t3.png"></p>
<p><img src="/u/gone.png"></p><p><img src="/private/t4.png"></p></body></html>`
	got := p.pictures(page, []byte(body), "text/html; charset=utf-8")
	if len(got) != 2 || string(got["../../u/t2.png"]) != "\x89PNG /u/t2.png" || got["/u/t3.png"] == nil {
		t.Errorf("pictures = %q", got)
	}
	for _, a := range agents {
		if a != cfg.UserAgent {
			t.Errorf("User-Agent %q", a)
		}
	}
	if got := p.pictures(page, []byte(`<table><tr><td>1</td></tr></table><img src="/u/t2.png">`), "text/html"); got != nil {
		t.Errorf("a page with a table: pictures %q", got)
	}
}
