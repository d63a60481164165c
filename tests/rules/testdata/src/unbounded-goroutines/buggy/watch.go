package buggy

import "context"

// Store hands out a channel that fires on its next change.
type Store struct{ changed chan struct{} }

// Changed starts a goroutine that reports the store's next change, or gives up with ctx.
func (s *Store) Changed(ctx context.Context) <-chan error {
	out := make(chan error, 1)
	go func() {
		select {
		case <-s.changed:
			out <- nil
		case <-ctx.Done():
			out <- ctx.Err()
		}
	}()
	return out
}

// shape: a control loop asks for a change watcher on every pass and also wakes up when asked to
func Control(ctx context.Context, s *Store, wake <-chan struct{}, apply func()) {
	for {
		apply()
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-s.Changed(ctx): // want "unbounded-goroutines: runs on every pass of this loop"
		}
	}
}
