package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/touming/touming"
)

// reportLinks is a list page linking each URL as a report of another year.
func reportLinks(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<html><body>`)
	for i, u := range urls {
		fmt.Fprintf(&b, `<a href="%s">某县人民政府%d年政府信息公开工作年度报告</a>`, u, 2010+i)
	}
	b.WriteString(`</body></html>`)
	return b.String()
}

// guardPortal starts server B, which counts the requests it gets, and the
// source's server A. A's start page links /go0.html, /go1.html… as reports,
// each redirecting (302) to one of the URLs targets(B) returns (links to
// another host are not followed: the redirect is how a portal sends the
// crawler elsewhere), and /own.html, a report page without tables whose
// picture is on B.
func guardPortal(t *testing.T, targets func(b string) []string) (src []touming.Source, b *httptest.Server, hits *atomic.Int64) {
	t.Helper()
	hits = &atomic.Int64{}
	b = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		serveReport(w, r)
	}))
	t.Cleanup(b.Close)
	to := targets(b.URL)
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		switch {
		case r.URL.Path == "/":
			links := []string{"/own.html"}
			for i := range to {
				links = append(links, fmt.Sprintf("/go%d.html", i))
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, reportLinks(links...))
		case r.URL.Path == "/own.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, strings.Replace(reportPage(2000), "</body>", `<img src="`+b.URL+`/table.png"></body>`, 1))
		case sscanf(r.URL.Path, "/go%d.html", &i) && i < len(to):
			http.Redirect(w, r, to[i], http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(a.Close)
	return []touming.Source{{ID: "county", Name: "某县", Start: []string{a.URL + "/"}}}, b, hits
}

func sscanf(s, format string, v ...any) bool {
	_, err := fmt.Sscanf(s, format, v...)
	return err == nil
}

// TestGuardRefusesOtherPrivateAddresses: links and a redirect to loopback,
// private, link-local and unspecified addresses that are not the source's
// own are refused at the dial, as skips naming the URL and the address;
// server B, on loopback but not the source's, gets no request.
func TestGuardRefusesOtherPrivateAddresses(t *testing.T) {
	srcs, b, hits := guardPortal(t, func(b string) []string {
		port := b[strings.LastIndex(b, ":")+1:]
		return []string{"http://localhost:" + port + "/r1.html", b + "/r2.html", "http://10.0.0.1/r3.html",
			"http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:" + port + "/r4.html"}
	})
	rec := &recorder{}
	sum, err := Run(context.Background(), fastConfig(), srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server B got %d requests, want none", n)
	}
	if len(rec.got) != 1 || len(rec.got[0].Pictures) != 0 {
		t.Errorf("handed over %d documents, want /own.html alone, without B's picture", len(rec.got))
	}
	bport := b.URL[strings.LastIndex(b.URL, ":")+1:]
	for _, c := range []struct{ url, addr, kind string }{
		{"/r1.html", ":" + bport, "loopback"},
		{"/r2.html", "127.0.0.1:" + bport, "loopback"},
		{"/r3.html", "10.0.0.1:80", "private"},
		{"/latest/meta-data/", "169.254.169.254:80", "link-local"},
		{"/r4.html", "0.0.0.0:" + bport, "unspecified"},
	} {
		why := skipFor(sum, c.url)
		if !strings.Contains(why, c.url+" refused: ") || !strings.Contains(why, c.addr+" is ") ||
			!strings.Contains(why, c.kind+" address not belonging to the source") {
			t.Errorf("skip of %s: %q; want it refused naming the URL, %s and %s", c.url, why, c.addr, c.kind)
		}
	}
	if len(sum.Failures) != 0 {
		t.Errorf("failures %+v, want none (the source's own start page is allowed)", sum.Failures)
	}
	if got := sum.Sources[0].Skipped; got != 5 {
		t.Errorf("skipped %d, want the 5 refusals counted", got)
	}
}

// skipFor returns the reason of the skip naming a URL ending in suffix
// (a redirect's skip is listed under the link, its reason names the target).
func skipFor(sum touming.CrawlSummary, suffix string) string {
	for _, s := range sum.Skips {
		if strings.Contains(s.Reason, suffix+" ") {
			return s.Reason
		}
	}
	return ""
}

// TestGuardAllowPrivate: with AllowPrivate the same links and redirect
// reach server B, the picture included.
func TestGuardAllowPrivate(t *testing.T) {
	srcs, _, hits := guardPortal(t, func(b string) []string {
		port := b[strings.LastIndex(b, ":")+1:]
		return []string{"http://localhost:" + port + "/r1.html", b + "/r2.html"}
	})
	cfg := fastConfig()
	cfg.AllowPrivate = true
	rec := &recorder{}
	sum, err := Run(context.Background(), cfg, srcs, nil, rec.handle)
	if err != nil {
		t.Fatal(err)
	}
	pictures := 0
	for _, f := range rec.got {
		pictures += len(f.Pictures)
	}
	// the two redirects serve one report: the second is a duplicate
	if hits.Load() < 3 || len(rec.got) != 2 || pictures != 1 {
		t.Errorf("server B got %d requests; %d documents, %d pictures handed over; want B reached by the redirects and the picture",
			hits.Load(), len(rec.got), pictures)
	}
	for _, s := range sum.Skips {
		if strings.Contains(s.Reason, "refused: ") {
			t.Errorf("refused with AllowPrivate: %+v", s)
		}
	}
}

// TestNonPublic: the address kinds the guard refuses, IPv4-mapped forms
// included, and public addresses it lets through.
func TestNonPublic(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "a loopback", "::1": "a loopback", "::ffff:127.0.0.1": "a loopback",
		"10.1.2.3": "a private", "172.16.0.1": "a private", "192.168.1.1": "a private", "fd00::1": "a private",
		"::ffff:192.168.1.1": "a private", "169.254.169.254": "a link-local", "fe80::1": "a link-local",
		"::ffff:169.254.169.254": "a link-local", "0.0.0.0": "an unspecified", "::": "an unspecified",
		"100.64.0.1": "a shared (CGNAT)", "224.0.0.1": "a multicast", "ff02::1": "a multicast",
		"255.255.255.255": "a reserved or broadcast", "8.8.8.8": "", "2001:4860:4860::8888": "", "100.128.0.1": "",
	} {
		a := netip.MustParseAddr(addr).Unmap()
		if got := nonPublic(a); got != want {
			t.Errorf("nonPublic(%s) = %q, want %q", addr, got, want)
		}
	}
}

// TestGuardOwnAddresses: the start hosts' own addresses, by port, are the
// only non-public ones a pass may dial.
func TestGuardOwnAddresses(t *testing.T) {
	u, _ := url.Parse("http://localhost:8123/")
	g := &addrGuard{starts: []*url.URL{u}}
	ctx := context.Background()
	if !g.allows(ctx, netip.MustParseAddrPort("127.0.0.1:8123")) {
		t.Error("the start host's own address refused")
	}
	if g.allows(ctx, netip.MustParseAddrPort("127.0.0.1:8124")) {
		t.Error("another port of the start host allowed")
	}
}
