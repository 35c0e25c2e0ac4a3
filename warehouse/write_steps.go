package warehouse

import (
	"context"
	"sync"
	"time"
)

// steps collects how long each step of an open, a batch and its audit
// took, when the context carries one (withSteps): BenchmarkSmallBatch
// reports them, so that a step that grows with the warehouse shows by name.
type steps struct {
	mu    sync.Mutex
	spent map[string]time.Duration
	order []string
	// at, when set, is called as each step starts: log_test.go stops a
	// writer there, inside its transaction, to kill it.
	at func(name string)
}

type stepsKey struct{}

// withSteps returns a context under which the write path records its steps
// in s.
func withSteps(ctx context.Context, s *steps) context.Context {
	return context.WithValue(ctx, stepsKey{}, s)
}

// step starts timing the named step; the returned func ends it. Without a
// steps in ctx it costs a lookup.
func step(ctx context.Context, name string) func() {
	s := stepsOf(ctx)
	if s == nil {
		return func() {}
	}
	if s.at != nil {
		s.at(name)
	}
	start := time.Now()
	return func() { s.add(name, time.Since(start)) }
}

// stepsOf is the steps ctx carries, or nil (whose add does nothing).
func stepsOf(ctx context.Context) *steps {
	s, _ := ctx.Value(stepsKey{}).(*steps)
	return s
}

func (s *steps) add(name string, d time.Duration) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spent == nil {
		s.spent = map[string]time.Duration{}
	}
	if _, ok := s.spent[name]; !ok {
		s.order = append(s.order, name)
	}
	s.spent[name] += d
}

// namedStep is one step of a sequence run by runSteps.
type namedStep struct {
	name string
	run  func() error
}

// runSteps runs each step in order, timing it, and stops at the first
// error.
func runSteps(ctx context.Context, list []namedStep) error {
	for _, s := range list {
		done := step(ctx, s.name)
		err := s.run()
		done()
		if err != nil {
			return err
		}
	}
	return nil
}
