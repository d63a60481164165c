package fixed

import "sync/atomic"

// shape: the 64-bit field first
type Stats struct {
	hits  int64
	ready bool
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

// shape: the uint64 first
type Clock struct {
	tick uint64
	gen  uint32
}

func (c *Clock) Now() uint64 { return atomic.LoadUint64(&c.tick) }
