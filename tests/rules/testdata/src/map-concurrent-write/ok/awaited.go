package ok

import (
	"context"
	"sync"
)

// Evaluator loads packages by name; a load may be cut short by its context.
type Evaluator struct {
	mu   sync.Mutex
	pkgs map[string]int
}

func (e *Evaluator) Use(name string, v int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pkgs[name] = v
}

func (e *Evaluator) Lookup(name string) int { return e.pkgs[name] }

func (e *Evaluator) load(name string) { e.pkgs[name] = len(name) }

// shape: the load runs on a goroutine the caller waits for, giving up only when its context ends: the work is the call's own
func (e *Evaluator) LoadWithContext(ctx context.Context, name string) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.load(name)
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-done:
	}
	return nil
}
