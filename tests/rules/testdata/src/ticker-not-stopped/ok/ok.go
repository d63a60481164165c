package ok

import (
	"context"
	"time"
)

type Poller struct {
	ticker *time.Ticker
}

// shape: deferred Stop
func poll(ctx context.Context, check func()) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}

// shape: the ticker is handed to a struct whose Close stops it
func NewPoller() *Poller {
	t := time.NewTicker(time.Second)
	return &Poller{ticker: t}
}

func (p *Poller) Close() { p.ticker.Stop() }

// shape: time.Tick in a goroutine that runs for the life of the process
func startMetrics(flush func()) {
	go func() {
		for range time.Tick(time.Minute) {
			flush()
		}
	}()
}

// shape: Stop called explicitly on every path out
func waitReady(ready func() bool) {
	t := time.NewTicker(100 * time.Millisecond)
	for range t.C {
		if ready() {
			t.Stop()
			return
		}
	}
}

// realClock stands in for the time package so tests can swap in a fake one.
type realClock struct{}

// shape: a clock's Tick hands time.Tick's channel straight to its caller, as time.Tick itself does
func (realClock) Tick(d time.Duration) <-chan time.Time { return time.Tick(d) }
