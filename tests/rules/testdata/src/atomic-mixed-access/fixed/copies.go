package fixed

import "sync/atomic"

type Traffic struct {
	in  int64
	out int64
}

func (t *Traffic) addIn(n int) { atomic.AddInt64(&t.in, int64(n)) }

// Each counter is loaded atomically into the copy.
func (t *Traffic) Snapshot() Traffic {
	return Traffic{in: atomic.LoadInt64(&t.in), out: atomic.LoadInt64(&t.out)}
}

// Gauge is updated by the link's goroutine.
type Gauge struct {
	queued int64
}

type Link struct {
	traffic Traffic
	gauge   Gauge
}

func (l *Link) Serve(chunks <-chan []byte) {
	go func() {
		for c := range chunks {
			l.traffic.addIn(len(c))
			atomic.AddInt64(&l.gauge.queued, -1)
		}
	}()
}

func (l *Link) Gauge() Gauge {
	return Gauge{queued: atomic.LoadInt64(&l.gauge.queued)}
}
