package ok

import (
	"sync"
	"time"
)

// arbiter ticks every meter from one goroutine for the life of the process.
type arbiter struct {
	sync.Mutex
	started bool
	ticker  *time.Ticker
	meters  []func()
}

var meters = arbiter{ticker: time.NewTicker(5 * time.Second)}

// Register adds a meter and starts the arbiter the first time.
func Register(m func()) {
	meters.Lock()
	defer meters.Unlock()
	meters.meters = append(meters.meters, m)
	if !meters.started {
		meters.started = true
		go meters.tick()
	}
}

// shape: a process-wide loop that the package's tests also start on their own arbiter
func (a *arbiter) tick() {
	for {
		select {
		case <-a.ticker.C:
			a.Lock()
			for _, m := range a.meters {
				m()
			}
			a.Unlock()
		}
	}
}
