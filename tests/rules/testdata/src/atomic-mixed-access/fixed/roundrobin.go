package fixed

import "sync/atomic"

type lane struct{ in chan int }

type balancer struct {
	lanes []*lane
	next  int32
}

func (b *balancer) pick() *lane {
	i := int(atomic.AddInt32(&b.next, 1)) % len(b.lanes)
	return b.lanes[i]
}
