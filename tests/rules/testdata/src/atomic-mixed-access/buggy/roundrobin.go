package buggy

import "sync/atomic"

type lane struct{ in chan int }

// Every client picks its lane from its own goroutine.
type balancer struct {
	lanes []*lane
	next  int32
}

func (b *balancer) pick() *lane {
	i := int(b.next+1) % len(b.lanes) // want "atomic-mixed-access: one update is lost"
	atomic.StoreInt32(&b.next, int32(i))
	return b.lanes[i]
}
