package fixed

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

// shape: each pass gets a context of its own, cancelled when the pass ends
func Control(ctx context.Context, s *Store, wake <-chan struct{}, apply func()) {
	for {
		apply()
		pass, cancel := context.WithCancel(ctx)
		select {
		case <-ctx.Done():
			cancel()
			return
		case <-wake:
		case <-s.Changed(pass):
		}
		cancel()
	}
}
