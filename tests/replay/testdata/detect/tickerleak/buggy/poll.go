// Package poll starts a poller that nothing can stop.
package poll

import (
	"sync/atomic"
	"time"
)

type Poller struct{ n atomic.Int64 }

func (p *Poller) Start(every time.Duration) {
	t := time.NewTicker(every)
	go func() {
		for range t.C { // runtime: leak-detected
			p.n.Add(1)
		}
	}()
}

func (p *Poller) Stop() {}

func (p *Poller) Count() int64 { return p.n.Load() }
