package main

import (
	"context"
	"net"
	"regexp"
	"strings"
	"testing"
)

// The README's first command: the sample portal crawled by the real
// crawler into a fresh warehouse, then the pages served with its data.
func TestDemoCrawlsAndServes(t *testing.T) {
	e, out := serveTestEnv()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	dir := t.TempDir()
	go func() { done <- demo(ctx, e, demoConfig{Addr: "127.0.0.1:0", Dir: dir}, func(u string) { urls <- u }) }()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		cancel()
		t.Fatalf("demo ended before serving: %v\n%s", err, out)
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo did not stop cleanly: %v", err)
		}
	}()
	// The charts' URL is the first line printed and the last.
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, "time=") { // the log lines share the buffer here
			lines = append(lines, l)
		}
	}
	if first, last := lines[0], lines[len(lines)-1]; !strings.HasPrefix(first, "touming demo: "+base+"compare ") || !strings.Contains(last, " "+base+"compare ") {
		t.Errorf("demo's first and last lines do not give the charts' URL %scompare:\n%s", base, out)
	}
	code, body := httpGet(t, base+"compare")
	if code != 200 {
		t.Fatalf("compare: %d\n%s", code, body)
	}
	// Seven counties of 新乡市, each linked to its county page.
	counties := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="/county/(4107\d\d)"`).FindAllStringSubmatch(body, -1) {
		counties[m[1]] = true
	}
	if len(counties) != 7 {
		t.Errorf("compare page links %d county pages, want the sample's 7 counties", len(counties))
	}
	if !strings.Contains(body, `<option value="410700" selected>`) {
		t.Error("compare page did not pick 新乡市")
	}
	code, body = httpGet(t, base+"quality")
	if code != 200 || !strings.Contains(body, "/archive/") {
		t.Errorf("quality page: %d, no archive links", code)
	}
	m := regexp.MustCompile(`href="/archive/([0-9a-f]{64})"`).FindStringSubmatch(body)
	if m != nil {
		if code, _ := httpGet(t, base+"archive/"+m[1]); code != 200 {
			t.Errorf("archived copy %s: %d", m[1], code)
		}
	}
}

// A taken port (a second demo, another server on 8080) falls back to a
// free one rather than failing the README's first command.
func TestDemoListenerFallsBack(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	ln, err := demoListener(taken.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if ln.Addr().String() == taken.Addr().String() || !strings.HasPrefix(ln.Addr().String(), "127.0.0.1:") {
		t.Errorf("fallback listener on %s, taken %s", ln.Addr(), taken.Addr())
	}
}
