// Package poll starts a poller that Stop ends.
package poll

import (
	"sync/atomic"
	"time"
)

type Poller struct {
	n    atomic.Int64
	quit chan struct{}
}

func (p *Poller) Start(every time.Duration) {
	t := time.NewTicker(every)
	p.quit = make(chan struct{})
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.n.Add(1)
			case <-p.quit:
				return
			}
		}
	}()
}

func (p *Poller) Stop() { close(p.quit) }

func (p *Poller) Count() int64 { return p.n.Load() }
