package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/touming/touming"
	"github.com/touming/touming/extract"
)

// gated is an extractor that says which document it starts on and holds
// those named "hold" until gate is closed; it finds no report in any.
type gated struct {
	entered chan string
	gate    chan struct{}
}

func (g *gated) Extract(in extract.Input) (*touming.Report, error) {
	g.entered <- in.Name
	if strings.HasPrefix(in.Name, "hold") {
		<-g.gate
	}
	return nil, errors.New("no report")
}

// TestWriteKeepsACore: with WriteCore and a window beyond the batch, the
// next documents are extracted while a batch is written, on every worker
// but one: the write holds the other's core until it returns. (Without
// WriteCore the first check fails: the write holds no core; and the second
// may, hold2 starting beside hold1.)
func TestWriteKeepsACore(t *testing.T) {
	g := &gated{entered: make(chan string, 8), gate: make(chan struct{})}
	writing, finish := make(chan struct{}), make(chan struct{})
	var got []string
	var p *Pipeline
	write := func(_ context.Context, rs []Result) error {
		if len(got) == 0 {
			if n := len(p.cores); n != 1 {
				t.Errorf("the write holds %d cores as it starts, want 1 (no extraction runs)", n)
			}
			close(writing)
			<-finish
		}
		for _, r := range rs {
			got = append(got, r.Document.URL)
		}
		return nil
	}
	p = Start(context.Background(), Config{Workers: 2, Batch: 1, Window: 4, WriteCore: true, Write: write}, g)
	submit := func(name string) {
		if err := p.Submit(context.Background(), job(name, []byte("x"))); err != nil {
			t.Fatal(err)
		}
	}
	submit("a")
	<-writing // a is extracted and being written
	submit("hold1")
	submit("hold2")
	if name := <-g.entered; name != "a" {
		t.Fatalf("first extraction %s, want a", name)
	}
	// The two workers take hold1 and hold2; one of them starts.
	first := <-g.entered
	if !strings.HasPrefix(first, "hold") {
		t.Fatalf("extraction during the write %s, want hold1 or hold2", first)
	}
	// Both tokens are taken, the write's and the first's: the other
	// cannot start until the write returns.
	if n := len(p.cores); n != 2 {
		t.Errorf("%d cores held during the write with %s extracted, want 2", n, first)
	}
	close(finish)
	if second := <-g.entered; !strings.HasPrefix(second, "hold") || second == first {
		t.Fatalf("extraction after the write %s, want the other of hold1 and hold2 (%s first)", second, first)
	}
	close(g.gate)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[file:///a file:///hold1 file:///hold2]" {
		t.Errorf("written %v, want a, hold1, hold2 in order", got)
	}
	if n := len(p.cores); n != 0 {
		t.Errorf("%d cores still held after Close", n)
	}
}

// TestReserveDoesNotWait: a write that finds every core taken starts at
// once, takes the first core given back and gives it back at its end;
// one that got none gives back none.
func TestReserveDoesNotWait(t *testing.T) {
	pool := make(chan struct{}, 2)
	pool <- struct{}{}
	pool <- struct{}{} // two extractions run
	release := reserve(pool)
	release() // the write ended before either did
	if n := len(pool); n != 2 {
		t.Fatalf("%d tokens held after a write that got none, want the extractions' 2", n)
	}
	release = reserve(pool)
	<-pool // one extraction ends: the write takes its core
	for len(pool) != 2 {
		runtime.Gosched()
	}
	release()
	if n := len(pool); n != 1 {
		t.Errorf("%d tokens held after the write gave its back, want the other extraction's 1", n)
	}
}
