package buggy

import (
	"context"
	"sync"
)

// shape: Add counts a task before enqueueing it, and the full-queue path returns without Done
type Pool struct {
	wg    sync.WaitGroup
	tasks chan func(context.Context)
	ctx   context.Context
}

func NewPool(ctx context.Context, n int) *Pool {
	p := &Pool{tasks: make(chan func(context.Context), 16), ctx: ctx}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	for f := range p.tasks {
		f(p.ctx)
		p.wg.Done()
	}
}

func (p *Pool) TrySubmit(f func(context.Context)) bool {
	p.wg.Add(1)
	select {
	case p.tasks <- f:
		return true
	default:
		return false // want "waitgroup-done-missing: blocks forever"
	}
}

func (p *Pool) Wait() {
	p.wg.Wait()
}
