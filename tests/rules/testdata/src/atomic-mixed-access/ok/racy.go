package ok

import (
	"sync"
	"sync/atomic"
)

// Gauge is updated atomically; RacyValue is its documented unsynchronised read, for
// statistics that tolerate a stale value.
type Gauge struct {
	value int64
}

func (g *Gauge) Add(d int64) { atomic.AddInt64(&g.value, d) }

func (g *Gauge) Value() int64 { return atomic.LoadInt64(&g.value) }

// RacyValue reads the gauge without synchronisation.
func (g *Gauge) RacyValue() int64 {
	return g.value
}

func fill(g *Gauge, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.Add(1)
		}()
	}
	wg.Wait()
}
