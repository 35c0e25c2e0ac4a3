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
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
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

func run(hosts int, latency time.Duration, out string) error {
	p := sampleportal.New(sampleportal.HostsOptions(hosts, latency))
	c := &sampleportal.Counts{}
	urls, stop, err := sampleportal.ServeLoopback(p, c)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, []byte(p.SourcesYAML(urls)), 0o644); err != nil {
		stop()
		return fmt.Errorf("write sources: %w", err)
	}
	fmt.Printf("serving %d hosts, %d reports; sources in %s\n", hosts, len(p.Reports()), out)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	stop()
	most, first, last := c.Most(), c.First(), c.Last()
	fmt.Printf("requests: most %d on one host (the floor at 1 s: %d s); first %s, last %s (%.1f s apart)\n",
		most, most, first.UTC().Format(time.RFC3339Nano), last.UTC().Format(time.RFC3339Nano), last.Sub(first).Seconds())
	return nil
}
