package ok

import (
	"context"
	"time"
)

type Server struct {
	audit func(context.Context, string)
}

// shape: detached on purpose with WithoutCancel, keeping the values
func (s *Server) Handle(ctx context.Context, req string) {
	go s.audit(context.WithoutCancel(ctx), req)
}

// shape: no context was received: Background is the root
func (s *Server) Start(req string) {
	go s.audit(context.Background(), req)
}

// shape: Background outside the goroutine, for synchronous work
func (s *Server) Sync(ctx context.Context, req string) {
	s.audit(context.Background(), req)
	go s.audit(ctx, req)
}

// shape: a fresh context once the caller's is cancelled: the clean-up request must not be
// cancelled too
func WatchCancel(ctx context.Context, done <-chan struct{}, cancelQuery func(context.Context) error) {
	go func() {
		select {
		case <-ctx.Done():
			cctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_ = cancelQuery(cctx)
		case <-done:
		}
	}()
}

// Batcher commits in the background until it is closed.
type Batcher struct {
	closed chan struct{}
}

// shape: a constructor's background loop belongs to the object it builds, stopped by Close
func NewBatcher(ctx context.Context, commit func(context.Context) error) (*Batcher, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := &Batcher{closed: make(chan struct{})}
	go b.loop(context.Background(), commit)
	return b, nil
}

func (b *Batcher) loop(ctx context.Context, commit func(context.Context) error) {
	for {
		select {
		case <-b.closed:
			return
		case <-time.After(time.Second):
			_ = commit(ctx)
		}
	}
}

// Close stops the background loop.
func (b *Batcher) Close() { close(b.closed) }

// shape: the same, with the done channel taken once before the goroutine
func WatchQuery(ctx context.Context, finished <-chan struct{}, cancelQuery func(context.Context) error) {
	if done := ctx.Done(); done != nil {
		go func() {
			select {
			case <-done:
				cctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				_ = cancelQuery(cctx)
			case <-finished:
			}
		}()
	}
}
