// Package semgroup runs a group of goroutines with at most a given number
// running at once, and collects every error they return.
package semgroup

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// A Group is a collection of goroutines working on subtasks of one task.
type Group struct {
	sem *weighted
	wg  sync.WaitGroup
	ctx context.Context

	errs multiError
	mu   sync.Mutex // protects errs
}

// NewGroup returns a Group that runs at most maxWorkers functions at a time.
func NewGroup(ctx context.Context, maxWorkers int64) *Group {
	return &Group{ctx: ctx, sem: newWeighted(maxWorkers)}
}

// Go acquires the semaphore, blocking until a slot is free or ctx is done,
// and calls f in a new goroutine. On success it returns nil; on failure it
// returns the reason the semaphore could not be acquired.
func (g *Group) Go(f func() error) error {
	g.wg.Add(1)

	err := g.sem.Acquire(g.ctx, 1)
	if err != nil {
		return fmt.Errorf("couldn't acquire semaphore: %s", err)
	}

	go func() {
		defer g.sem.Release(1)
		defer g.wg.Done()

		if err := f(); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	}()
	return nil
}

// Wait blocks until every function started by Go has returned, then returns
// all the errors they returned, if any.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.errs.ErrorOrNil()
}

type multiError []error

func (e multiError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d error(s) occurred:\n", len(e))
	for i, err := range e {
		fmt.Fprintf(&b, "* %s", err.Error())
		if i != len(e)-1 {
			fmt.Fprintln(&b, "")
		}
	}
	return b.String()
}

func (e multiError) ErrorOrNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

func (e multiError) Is(target error) bool {
	for _, err := range e {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
