package fixed

import "sync/atomic"

type Stats struct {
	hits   int64
	misses int64
}

func (s *Stats) Hit()  { atomic.AddInt64(&s.hits, 1) }
func (s *Stats) Miss() { atomic.AddInt64(&s.misses, 1) }

// shape: an atomic load
func (s *Stats) Hits() int64 {
	return atomic.LoadInt64(&s.hits)
}

// shape: an atomic store to reset
func (s *Stats) ResetMisses() {
	atomic.StoreInt64(&s.misses, 0)
}
