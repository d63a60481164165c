package ok

import (
	"sync"
	"sync/atomic"
	"time"
)

var statsOnce sync.Once

// shape: a process-wide reporter started at most once
func StartStats(report func()) {
	statsOnce.Do(func() {
		go func() {
			for range time.Tick(time.Minute) {
				report()
			}
		}()
	})
}

// Pool refreshes its members until closed.
type Pool struct {
	closed  atomic.Bool
	members []string
}

// shape: the ranging janitor returns on the flag Close sets, checked on every tick
func NewPool(refresh func([]string)) *Pool {
	p := &Pool{}
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for range t.C {
			if p.closed.Load() {
				return
			}
			refresh(p.members)
		}
	}()
	return p
}

// Close ends the refresher at its next tick.
func (p *Pool) Close() { p.closed.Store(true) }

// shape: a time.Tick loop that nothing claims to stop: whether its starter runs once per process is not visible here
func StartReporter(every time.Duration, report func()) {
	go func() {
		for range time.Tick(every) {
			report()
		}
	}()
}

// Poller polls on every tick for as long as the process runs.
type Poller struct{ ticker *time.Ticker }

// shape: a ticker loop whose ticker nobody stops from outside: a worker meant to run for good
func NewPoller(poll func()) *Poller {
	p := &Poller{ticker: time.NewTicker(time.Second)}
	go func() {
		for range p.ticker.C {
			poll()
		}
	}()
	return p
}

// shape: a loop over a work channel someone closes is not a ticker loop
func StartWorkers(jobs <-chan func()) {
	go func() {
		for job := range jobs {
			job()
		}
	}()
}
