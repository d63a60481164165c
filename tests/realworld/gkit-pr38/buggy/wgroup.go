package wgroup

import (
	"context"
	"sync"
)

type Group struct {
	wg    sync.WaitGroup
	ch    chan func(ctx context.Context) error
	ctx   context.Context
	errMu sync.Mutex
	err   error
}

func New(ctx context.Context, workers, queue int) *Group {
	g := &Group{ch: make(chan func(ctx context.Context) error, queue), ctx: ctx}
	for i := 0; i < workers; i++ {
		go g.loop()
	}
	return g
}

func (g *Group) loop() {
	for f := range g.ch {
		if err := f(g.ctx); err != nil {
			g.errMu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.errMu.Unlock()
		}
		g.wg.Done()
	}
}

func (g *Group) AddTask(f func(ctx context.Context) error) bool {
	g.wg.Add(1)
	select {
	case g.ch <- f:
		return true
	default:
		return false
	}
}

func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}
