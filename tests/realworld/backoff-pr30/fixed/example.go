package backoff

import (
	"context"
	"errors"
	"time"
)

// Retry calls fn until it succeeds or the policy gives up, in the way the
// package's README shows: the caller stops reading Next once fn succeeds and
// cancels its context on the way out.
func Retry(ctx context.Context, fn func() error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	p := NewConstantPolicy(100*time.Millisecond, 10)
	c := p.Start(ctx)
	for Continue(c) {
		if err := fn(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}
