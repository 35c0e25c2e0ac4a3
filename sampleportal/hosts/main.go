// Command hosts serves the plain sample portal on many loopback hosts, one
// port each, and writes a sources file naming them: the 120-host crawl of
// docs/benchmarks.md as a user runs it (touming crawl --sources on the
// file). It serves until interrupted, then prints the most requests one
// host got (times the crawl's delay, the politeness floor) and when the
// last request came.
//
//	go run ./sampleportal/hosts -hosts 120 -sources /tmp/x/sources.yaml
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/touming/touming/sampleportal"
)

func main() {
	hosts := flag.Int("hosts", 120, "loopback hosts, 25 reports each")
	latency := flag.Duration("latency", 50*time.Millisecond, "delay added to every response")
	out := flag.String("sources", "sources.yaml", "sources file to write")
	flag.Parse()
	if err := run(*hosts, *latency, *out); err != nil {
		log.Fatal(err)
	}
}

// counts are the requests each host served and when the last came.
type counts struct {
	mu          sync.Mutex
	per         map[string]int
	first, last time.Time
}

func (c *counts) hit(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.per[id]++
	c.last = time.Now()
	if c.first.IsZero() {
		c.first = c.last
	}
}

func run(hosts int, latency time.Duration, out string) error {
	p := sampleportal.New(sampleportal.Options{Sites: hosts, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, Latency: latency, PerPage: 10})
	c := &counts{per: map[string]int{}}
	urls := map[string]string{}
	var servers []*http.Server
	for _, s := range p.Sites() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("listen for %s: %w", s.ID, err)
		}
		id, h := s.ID, s.Handler()
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.hit(id)
			h.ServeHTTP(w, r)
		})}
		servers = append(servers, srv)
		go srv.Serve(ln)
		urls[s.ID] = "http://" + ln.Addr().String()
	}
	if err := os.WriteFile(out, []byte(p.SourcesYAML(urls)), 0o644); err != nil {
		return fmt.Errorf("write sources: %w", err)
	}
	fmt.Printf("serving %d hosts, %d reports; sources in %s\n", hosts, len(p.Reports()), out)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	for _, srv := range servers {
		srv.Shutdown(context.Background())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	most := 0
	for _, n := range c.per {
		most = max(most, n)
	}
	fmt.Printf("requests: most %d on one host (the floor at 1 s: %d s); first %s, last %s (%.1f s apart)\n",
		most, most, c.first.UTC().Format(time.RFC3339Nano), c.last.UTC().Format(time.RFC3339Nano), c.last.Sub(c.first).Seconds())
	return nil
}
