package buggy

import (
	"sync/atomic"
	"time"
)

// TickGauge re-reports its value on every tick.
type TickGauge struct {
	value  int32
	ticker *time.Ticker
	report func(int32)
}

func (g *TickGauge) Set(v int32) { atomic.StoreInt32(&g.value, v) }

func (g *TickGauge) Inc() { atomic.AddInt32(&g.value, 1) }

// shape: the constructor starts the ticking goroutine and hands the value out: the goroutine's plain read races with callers' atomic updates
func (g *TickGauge) tick() {
	for range g.ticker.C {
		g.report(g.value) // want "atomic-mixed-access: `g.value` is read plainly here but updated with `atomic.StoreInt32`"
	}
}

func NewTickGauge(d time.Duration, report func(int32)) *TickGauge {
	g := &TickGauge{ticker: time.NewTicker(d), report: report}
	go g.tick()
	return g
}
