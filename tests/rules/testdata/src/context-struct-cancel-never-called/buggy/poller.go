package buggy

import (
	"context"
	"time"
)

type Poller struct {
	cancel context.CancelFunc
	tick   time.Duration
}

// shape: the cancel function is stored by Start and nothing ever calls it
func (p *Poller) Start(parent context.Context, poll func()) {
	ctx, cancel := context.WithCancel(parent)
	p.cancel = cancel // want "context-struct-cancel-never-called: stores a cancel function that nothing in the package ever calls"
	go func() {
		t := time.NewTicker(p.tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				poll()
			}
		}
	}()
}

func (p *Poller) Close() error { return nil }
