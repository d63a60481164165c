package ok

import (
	"sync"
	"sync/atomic"
)

type Stats struct {
	hits int64
}

// shape: initialised plainly on a value not yet shared
func NewStats(start int64) *Stats {
	s := &Stats{}
	s.hits = start
	return s
}

func (s *Stats) Hit() { atomic.AddInt64(&s.hits, 1) }

// shape: read plainly after every goroutine has been joined
func Count(n int) int64 {
	var total int64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&total, 1)
		}()
	}
	wg.Wait()
	return total
}

// shape: an optimistic plain read validated by CompareAndSwap in the same function
func (s *Stats) Double() {
	for {
		old := s.hits
		if atomic.CompareAndSwapInt64(&s.hits, old, old*2) {
			return
		}
	}
}
