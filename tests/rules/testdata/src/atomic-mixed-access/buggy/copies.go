package buggy

import "sync/atomic"

// Traffic counts bytes with atomics; the connection's goroutine updates it.
type Traffic struct {
	in  int64
	out int64
}

func (t *Traffic) addIn(n int) { atomic.AddInt64(&t.in, int64(n)) }

// shape: a snapshot copies the whole struct with a plain read while the counters move
func (t *Traffic) Snapshot() Traffic {
	return *t // want "atomic-mixed-access: `[*]t` copies the whole `Traffic`, so its field `in` is read plainly"
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

// shape: the struct held by value is copied out of its owner
func (l *Link) Gauge() Gauge {
	return l.gauge // want "atomic-mixed-access: `l.gauge` copies the whole `Gauge`, so its field `queued` is read plainly"
}
