package buggy

import "sync/atomic"

type Stats struct {
	hits   int64
	misses int64
}

func (s *Stats) Hit()  { atomic.AddInt64(&s.hits, 1) }
func (s *Stats) Miss() { atomic.AddInt64(&s.misses, 1) }

// shape: a plain read of a field updated atomically
func (s *Stats) Hits() int64 {
	return s.hits // want "atomic-mixed-access: plainly .* atomics only help when every access is atomic"
}

// shape: a plain write resetting an atomically updated field
func (s *Stats) ResetMisses() {
	s.misses = 0 // want "atomic-mixed-access: plainly .* atomics only help when every access is atomic"
}
