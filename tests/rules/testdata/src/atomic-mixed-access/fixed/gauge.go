package fixed

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

func (g *TickGauge) tick() {
	for range g.ticker.C {
		g.report(atomic.LoadInt32(&g.value))
	}
}

func NewTickGauge(d time.Duration, report func(int32)) *TickGauge {
	g := &TickGauge{ticker: time.NewTicker(d), report: report}
	go g.tick()
	return g
}
