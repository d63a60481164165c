package fixed

import (
	"context"
	"fmt"
	"sync"
)

type slots struct{ c chan struct{} }

func (s *slots) acquire(ctx context.Context) error {
	select {
	case s.c <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *slots) release() { <-s.c }

// Limited runs functions, at most as many at once as it has slots.
type Limited struct {
	ctx   context.Context
	wg    sync.WaitGroup
	slots *slots
}

func (g *Limited) Go(f func()) error {
	g.wg.Add(1)
	if err := g.slots.acquire(g.ctx); err != nil {
		g.wg.Done()
		return fmt.Errorf("no slot: %w", err)
	}
	go func() {
		defer g.slots.release()
		defer g.wg.Done()
		f()
	}()
	return nil
}

func (g *Limited) Wait() { g.wg.Wait() }
