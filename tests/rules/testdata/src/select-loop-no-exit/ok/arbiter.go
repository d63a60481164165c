package ok

import (
	"sync"
	"time"
)

// meterArbiter ticks every meter from one goroutine for the life of the process.
type meterArbiter struct {
	sync.Mutex
	started bool
	ticker  *time.Ticker
	fns     []func()
}

var meterArb = meterArbiter{ticker: time.NewTicker(5 * time.Second)}

// AddMeter adds a meter and starts the arbiter the first time.
func AddMeter(m func()) {
	meterArb.Lock()
	defer meterArb.Unlock()
	meterArb.fns = append(meterArb.fns, m)
	if !meterArb.started {
		meterArb.started = true
		go meterArb.run()
	}
}

// shape: a process-wide loop that the package's tests also start on their own arbiter
func (a *meterArbiter) run() {
	for {
		select {
		case <-a.ticker.C:
			a.Lock()
			for _, m := range a.fns {
				m()
			}
			a.Unlock()
		}
	}
}
