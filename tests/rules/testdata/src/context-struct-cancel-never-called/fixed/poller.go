package fixed

import (
	"context"
	"time"
)

type Poller struct {
	cancel context.CancelFunc
	tick   time.Duration
}

// shape: Close calls the stored cancel function
func (p *Poller) Start(parent context.Context, poll func()) {
	ctx, cancel := context.WithCancel(parent)
	p.cancel = cancel
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

func (p *Poller) Close() error {
	p.cancel()
	return nil
}
