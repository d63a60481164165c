package buggy

import "sync/atomic"

// shape: an atomically updated field read plainly through a pointer parameter
type flowQueue struct {
	cached int64
}

func (q *flowQueue) put(n int) { atomic.AddInt64(&q.cached, int64(n)) }

func (q *flowQueue) take(n int) { atomic.AddInt64(&q.cached, -int64(n)) }

type flowPuller struct{ limit int64 }

func (p *flowPuller) throttled(q *flowQueue) bool {
	return q.cached > p.limit // want "atomic-mixed-access: read plainly here but updated with `atomic.AddInt64`"
}
