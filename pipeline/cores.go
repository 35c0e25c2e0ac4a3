package pipeline

import "context"

// The cores of Config.WriteCore: a pool of a token per worker, one held by
// each extraction as it runs and one by a write. A write does not wait
// for its token (an extraction may take minutes): it starts at once and
// takes the first token an extraction gives back, so that no further
// extraction starts until it is done.

// hold takes a token of pool, waiting for one until ctx ends; the func
// returned gives it back. A nil pool holds nothing.
func hold(ctx context.Context, pool chan struct{}) (func(), error) {
	if pool == nil {
		return func() {}, nil
	}
	select {
	case pool <- struct{}{}:
		return func() { <-pool }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// reserve takes a token of pool for a write: at once when one is free,
// else as soon as one is given back, until the func returned is called,
// which gives back the token if it was taken. A nil pool holds nothing.
func reserve(pool chan struct{}) func() {
	if pool == nil {
		return func() {}
	}
	select {
	case pool <- struct{}{}:
		return func() { <-pool }
	default:
	}
	stop := make(chan struct{})
	got := make(chan bool, 1)
	go func() {
		select {
		case pool <- struct{}{}:
			got <- true
		case <-stop:
			got <- false
		}
	}()
	return func() {
		close(stop)
		if <-got {
			<-pool
		}
	}
}
