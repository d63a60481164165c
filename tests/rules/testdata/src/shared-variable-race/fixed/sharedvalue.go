package fixed

import "sync"

// LeastLoaded picks the least loaded of its slots.
type LeastLoaded struct {
	mu    sync.Mutex
	loads []int
	total int
}

// shape: the method takes the value's own lock around its writes
func (l *LeastLoaded) Pick(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.loads) != n {
		l.loads = make([]int, n)
	}
	l.total++
	return 0
}

func balanceAll(workers int) *LeastLoaded {
	l := &LeastLoaded{}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l.Pick(i)
		}(i)
	}
	wg.Wait()
	return l
}

// Chooser picks a partition for a message. Implementations must be safe for concurrent use:
// every producer goroutine shares one.
type Chooser interface {
	Choose(key []byte, partitions int) int
}

// Rotation hands out the partitions in turn.
type Rotation struct {
	mu   sync.Mutex
	next int
}

// shape: the implementation locks its state
func (r *Rotation) Choose(key []byte, partitions int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.next % partitions
	r.next = p + 1
	return p
}

// Stats counts what a service did. A Stats is safe for concurrent use by multiple goroutines.
type Stats struct {
	mu       sync.Mutex
	requests int
	lastErr  error
}

func (s *Stats) Request() {
	s.mu.Lock()
	s.requests++
	s.mu.Unlock()
}

func (s *Stats) Fail(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}
