package xdscapacity

import (
	"context"
	"time"
)

type WatchSet map[<-chan struct{}]struct{}

// WatchCh starts a goroutine that reports on the returned channel when any watched
// channel fires or ctx is done.
func (w WatchSet) WatchCh(ctx context.Context) <-chan error {
	out := make(chan error, 1)
	go func() {
		cases := make(chan struct{})
		for ch := range w {
			go func(ch <-chan struct{}) {
				select {
				case <-ch:
					select {
					case cases <- struct{}{}:
					default:
					}
				case <-ctx.Done():
				}
			}(ch)
		}
		select {
		case <-cases:
			out <- nil
		case <-ctx.Done():
			out <- ctx.Err()
		}
	}()
	return out
}

type Controller struct {
	agentCh   chan struct{}
	fetch     func() (WatchSet, uint32, error)
	setLimit  func(uint32)
}

func (c *Controller) Run(ctx context.Context) {
	for {
		ws, count, err := c.fetch()
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		c.setLimit(count)
		select {
		case <-ctx.Done():
			return
		case <-c.agentCh:
		case <-ws.WatchCh(ctx):
		}
	}
}
