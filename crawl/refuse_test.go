package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/touming/touming"
)

func serveReport(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, reportPage(2000))
}

// TestRobotsTxtStatuses: RFC 9309 §2.3.1: a robots.txt answering 5xx, or
// not reachable, disallows the whole host for the pass (the start URL is a
// failure and nothing else is asked for); a 4xx allows everything.
func TestRobotsTxtStatuses(t *testing.T) {
	for _, c := range []struct {
		name    string
		robots  http.HandlerFunc
		allowed bool
	}{
		{"503", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "busy", http.StatusServiceUnavailable) }, false},
		{"500", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) }, false},
		{"unreachable", func(w http.ResponseWriter, _ *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close() // the connection drops before any answer
		}, false},
		{"403", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "no", http.StatusForbidden) }, true},
		{"404", http.NotFound, true},
		{"disallow /xxgk/", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, "User-agent: *\nDisallow: /xxgk/\n")
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := startHostile(t, map[string]http.HandlerFunc{"/report.htm": serveReport})
			h.setRobots(c.robots)
			sum, err := Run(context.Background(), fastConfig(), h.sources(), nil, (&recorder{}).handle)
			if err != nil {
				t.Fatal(err)
			}
			s := sum.Sources[0]
			if got := h.hitsOf("/xxgk/ndbg/index.htm") > 0; got != c.allowed {
				t.Errorf("list page requested: %v, want %v", got, c.allowed)
			}
			if s.Unreached() == c.allowed || sum.AllFailed() == c.allowed {
				t.Errorf("source unreached %v, all failed %v; want %v", s.Unreached(), sum.AllFailed(), !c.allowed)
			}
			if !c.allowed && !strings.Contains(failureFor(sum, "/xxgk/ndbg/index.htm"), "robots.txt") {
				t.Errorf("failures do not name robots.txt: %+v", sum.Failures)
			}
			if c.allowed && h.hitsOf("/report.htm") != 1 {
				t.Errorf("report requested %d times, want 1", h.hitsOf("/report.htm"))
			}
		})
	}
}

// TestRedirectsOffTheSource: a report link that redirects to another host
// is followed only where that host's robots.txt allows it and the source's
// patterns permit it; the refused ones are never requested.
func TestRedirectsOffTheSource(t *testing.T) {
	other := startHostile(t, map[string]http.HandlerFunc{
		"/open/report.htm":    serveReport,
		"/private/report.htm": serveReport,
		"/denied/report.htm":  serveReport,
	})
	other.setRobots(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	to := func(path string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.srv.URL+path, http.StatusFound)
		}
	}
	h := startHostile(t, map[string]http.HandlerFunc{
		"/a.htm": to("/open/report.htm"),
		"/b.htm": to("/private/report.htm"),
		"/c.htm": to("/denied/report.htm"),
	})
	srcs := h.sources()
	srcs[0].Deny = []string{`/denied/`}
	rec := &recorder{}
	cfg := fastConfig()
	cfg.AllowPrivate = true // other stands for a public host (guard_test.go: a private one)
	sum, err := Run(context.Background(), cfg, srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	if other.hitsOf("/open/report.htm") != 1 || rec.byURL[other.srv.URL+"/open/report.htm"].Body == nil {
		t.Errorf("the allowed redirect target was not fetched and handed over")
	}
	for _, p := range []string{"/private/report.htm", "/denied/report.htm"} {
		if n := other.hitsOf(p); n != 0 {
			t.Errorf("%s requested %d times; refused", p, n)
		}
	}
	if other.hitsOf("/robots.txt") != 1 {
		t.Errorf("the target host's robots.txt was read %d times, want once", other.hitsOf("/robots.txt"))
	}
	if !hasSkip(sum, skipRobots) || !hasSkip(sum, skipDenied) {
		t.Errorf("skips do not say why: %+v", sum.Skips)
	}
}

// TestPermanentErrorsAreNotRetried: a redirect to file://, a 404 and a 410
// are asked once; a start URL in a redirect loop is a failure of its
// source, and a source that yields no page at all failed.
func TestPermanentErrorsAreNotRetried(t *testing.T) {
	h := startHostile(t, map[string]http.HandlerFunc{
		"/file.htm": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		},
		"/ftp.htm": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://example.gov.cn/r.pdf", http.StatusMovedPermanently)
		},
		"/gone.htm":    http.NotFound,
		"/removed.htm": func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", http.StatusGone) },
		"/loop.htm": func(w http.ResponseWriter, r *http.Request) { // ↔ /loop.htm?page=2
			next := "/loop.htm?page=2"
			if r.URL.RawQuery != "" {
				next = "/loop.htm"
			}
			http.Redirect(w, r, next, http.StatusFound)
		},
	})
	cfg := fastConfig()
	cfg.Retries = 3
	sum, err := Run(context.Background(), cfg, h.sources(), nil, (&recorder{}).handle)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"/file.htm": "not an http(s) URL", "/ftp.htm": "not an http(s) URL",
		"/gone.htm": "HTTP 404", "/removed.htm": "HTTP 410", "/loop.htm": "redirect loop"} {
		if n := h.hitsOf(p); n != 1 && p != "/loop.htm" || n > 5 {
			t.Errorf("%s requested %d times, want once", p, n)
		}
		if r := failureFor(sum, p); !strings.Contains(r, want) {
			t.Errorf("%s: failure %q, want %q", p, r, want)
		}
	}
	if sum.Sources[0].Unreached() {
		t.Error("a source whose list page was read counted as unreached")
	}

	loop := startHostile(t, map[string]http.HandlerFunc{})
	loopSrc := []touming.Source{{ID: "loop", Name: "某县", Start: []string{loop.srv.URL + "/a.htm"}}}
	loop.attacks["/a.htm"] = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b.htm", http.StatusFound) }
	loop.attacks["/b.htm"] = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a.htm", http.StatusFound) }
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close() // nothing listens there any more
	srcs := append(loopSrc, touming.Source{ID: "dead", Name: "某区", Start: []string{dead.URL + "/"}})
	sum, err = Run(context.Background(), cfg, srcs, nil, (&recorder{}).handle)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sum.Sources {
		if !s.Unreached() || s.StartsFailed != 1 {
			t.Errorf("%s: %+v, want its start failed", s.SourceID, s)
		}
	}
	if !sum.AllFailed() || !strings.Contains(failureFor(sum, "/a.htm"), "redirect loop") {
		t.Errorf("all failed %v; failures %+v", sum.AllFailed(), sum.Failures)
	}
}
