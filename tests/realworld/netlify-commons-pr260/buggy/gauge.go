package metriks

import (
	"context"
	"sync/atomic"
	"time"
)

// Label stands in for the metrics library's tag type.
type Label struct {
	Name  string
	Value string
}

// Gauge stands in for the package function that emits one gauge sample.
func Gauge(name string, v float32, tags ...Label) {}

// PersistentGauge emits its value on every change and, when nothing changes
// for dur, re-emits the current value from a background goroutine.
type PersistentGauge struct {
	name  string
	value int32
	tags  []Label

	ticker *time.Ticker
	cancel context.CancelFunc
	dur    time.Duration
}

// Set swaps in a new value and returns the previous one.
func (g *PersistentGauge) Set(value int32) int32 {
	prev := atomic.SwapInt32(&g.value, value)
	g.report(value)
	return prev
}

func (g *PersistentGauge) Inc() int32 {
	v := atomic.AddInt32(&g.value, 1)
	g.report(v)
	return v
}

func (g *PersistentGauge) Dec() int32 {
	v := atomic.AddInt32(&g.value, -1)
	g.report(v)
	return v
}

func (g *PersistentGauge) report(v int32) {
	Gauge(g.name, float32(v), g.tags...)
	g.ticker.Reset(g.dur)
}

func (g *PersistentGauge) start(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.ticker.C:
			g.report(g.value)
		}
	}
}

// Stop ends the periodic re-emission.
func (g *PersistentGauge) Stop() {
	g.cancel()
}

func NewPersistentGaugeWithDuration(name string, dur time.Duration, tags ...Label) *PersistentGauge {
	ctx, cancel := context.WithCancel(context.Background())
	g := PersistentGauge{
		name:   name,
		tags:   tags,
		ticker: time.NewTicker(dur),
		cancel: cancel,
		dur:    dur,
	}
	go g.start(ctx)
	return &g
}
