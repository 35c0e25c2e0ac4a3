package sampleportal

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/touming/touming"
)

// HostsOptions is the plain portal of the many-host crawl benchmarks
// (docs/benchmarks.md, 120 hosts): hosts sites of 25 reports each (5 years
// of the government and 4 departments), 10 entries a list page, no faults,
// every response delayed by latency.
func HostsOptions(hosts int, latency time.Duration) Options {
	return Options{Sites: hosts, Years: []int{2020, 2021, 2022, 2023, 2024}, Departments: 4,
		Plain: true, Latency: latency, PerPage: 10}
}

// Counts counts the requests each site served and when the first and the
// last came. A polite crawl cannot end sooner than the most requests one
// host got times its delay: the politeness floor the benchmarks divide by.
type Counts struct {
	mu          sync.Mutex
	per         map[string]int
	first, last time.Time
}

func (c *Counts) hit(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.per == nil {
		c.per = map[string]int{}
	}
	c.per[id]++
	c.last = time.Now()
	if c.first.IsZero() {
		c.first = c.last
	}
}

// Most is the largest number of requests one site served.
func (c *Counts) Most() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := 0
	for _, n := range c.per {
		m = max(m, n)
	}
	return m
}

// First is when the first request came.
func (c *Counts) First() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.first
}

// Last is when the last request came.
func (c *Counts) Last() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// ServeLoopback serves each site of p on a loopback port of its own (a host
// each, as the crawler's politeness sees it), counting the requests in c.
// It returns the sites' base URLs by id, for SourcesYAML, and stop, which
// shuts the servers down.
func ServeLoopback(p *Portal, c *Counts) (urls map[string]string, stop func(), err error) {
	urls = map[string]string{}
	var servers []*http.Server
	stop = func() {
		for _, srv := range servers {
			srv.Shutdown(context.Background())
		}
	}
	for _, s := range p.Sites() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stop()
			return nil, nil, fmt.Errorf("listen for %s: %w", s.ID, err)
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
	return urls, stop, nil
}

// ServeHosts serves the portal of HostsOptions on loopback (ServeLoopback)
// and returns its sources, parsed by parse (crawl.ParseSources: this
// package does not import the crawler), the counts and stop.
func ServeHosts(hosts int, latency time.Duration, parse func(name string, data []byte) ([]touming.Source, error)) (
	srcs []touming.Source, c *Counts, stop func(), err error) {
	p := New(HostsOptions(hosts, latency))
	c = &Counts{}
	urls, stop, err := ServeLoopback(p, c)
	if err != nil {
		return nil, nil, nil, err
	}
	if srcs, err = parse("hosts.yaml", []byte(p.SourcesYAML(urls))); err != nil {
		stop()
		return nil, nil, nil, fmt.Errorf("parse the portal's sources: %w", err)
	}
	return srcs, c, stop, nil
}
