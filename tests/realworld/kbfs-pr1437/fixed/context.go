package libgit

import (
	"context"
	"errors"
	"sync"
	"time"
)

type ctxCancellationDelayerKeyType int

// CtxCancellationDelayerKey is the context key of the cancellation delayer.
const CtxCancellationDelayerKey ctxCancellationDelayerKeyType = 0

type cancellationDelayer struct {
	mu       sync.Mutex
	delay    time.Duration
	canceled bool
	done     chan struct{}
}

func newCancellationDelayer() *cancellationDelayer {
	return &cancellationDelayer{done: make(chan struct{})}
}

// NewContextWithCancellationDelayer makes a context out of ctx whose
// cancellation can be delayed: a goroutine watches ctx and cancels the new
// context only once ctx is done (after the configured grace period), or when
// CleanupCancellationDelayer is called. The caller must do one or the other,
// or the goroutine and the new context are never released.
func NewContextWithCancellationDelayer(ctx context.Context) (context.Context, error) {
	if v := ctx.Value(CtxCancellationDelayerKey); v != nil {
		return nil, errors.New("context already has a cancellation delayer")
	}

	c := newCancellationDelayer()
	newCtx := context.WithValue(ctx, CtxCancellationDelayerKey, c)
	newCtx, cancel := context.WithCancel(newCtx)
	go func() {
		select {
		case <-ctx.Done():
		case <-c.done:
		}
		c.mu.Lock()
		d := c.delay
		c.mu.Unlock()
		if d != 0 {
			time.Sleep(d)
		}
		c.mu.Lock()
		c.canceled = true
		c.mu.Unlock()
		cancel()
	}()
	return newCtx, nil
}

// EnableDelayedCancellationWithGracePeriod lets operations on ctx finish for
// up to timeout after the parent context is cancelled.
func EnableDelayedCancellationWithGracePeriod(ctx context.Context, timeout time.Duration) error {
	c, ok := ctx.Value(CtxCancellationDelayerKey).(*cancellationDelayer)
	if !ok {
		return errors.New("context has no cancellation delayer")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.canceled {
		return context.Canceled
	}
	c.delay = timeout
	return nil
}

// CleanupCancellationDelayer releases the goroutine of a context made by
// NewContextWithCancellationDelayer without waiting for its parent.
func CleanupCancellationDelayer(ctx context.Context) error {
	c, ok := ctx.Value(CtxCancellationDelayerKey).(*cancellationDelayer)
	if !ok {
		return errors.New("context has no cancellation delayer")
	}
	close(c.done)
	return nil
}
