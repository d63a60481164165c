package buggy

import "sync/atomic"

// shape: a bool before the int64 puts it at offset 4 on 32-bit platforms
type Stats struct {
	ready bool
	hits  int64 // want "atomic-64bit-alignment: not 8-byte aligned: the atomic call panics"
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

// shape: a uint32 before a uint64 loaded atomically
type Clock struct {
	gen  uint32
	tick uint64 // want "atomic-64bit-alignment: not 8-byte aligned: the atomic call panics"
}

func (c *Clock) Now() uint64 { return atomic.LoadUint64(&c.tick) }
