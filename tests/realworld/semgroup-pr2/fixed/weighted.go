package semgroup

import "context"

// weighted stands in for golang.org/x/sync/semaphore.Weighted (weight 1 only).
type weighted struct {
	slots chan struct{}
}

func newWeighted(n int64) *weighted {
	return &weighted{slots: make(chan struct{}, n)}
}

// Acquire blocks until a slot is free or ctx is done; on failure it returns
// ctx.Err() and leaves the semaphore unchanged.
func (s *weighted) Acquire(ctx context.Context, n int64) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *weighted) Release(n int64) {
	<-s.slots
}
