package buggy

import "sync"

// LeastLoaded picks the least loaded of its slots.
type LeastLoaded struct {
	loads []int
	total int
}

func (l *LeastLoaded) Pick(n int) int {
	if len(l.loads) != n {
		l.loads = make([]int, n)
	}
	l.total++
	return 0
}

// shape: goroutines started in a loop, in a plain function, all call a method on the one value
// the function made before the loop
func balanceAll(workers int) *LeastLoaded {
	l := &LeastLoaded{}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l.Pick(i) // want "shared-variable-race: The goroutine started in a loop at line [0-9]+ .in `balanceAll`. writes `l.loads` .in `LeastLoaded.Pick`"
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
	next int
}

// shape: an implementation of an interface documented as safe for concurrent use writes its
// state with no lock
func (r *Rotation) Choose(key []byte, partitions int) int {
	p := r.next % partitions
	r.next = p + 1 // want "shared-variable-race: `Rotation.Choose` writes `r.next` with no lock or atomic, but `Chooser`, which it implements, is documented for concurrent use"
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

// shape: a type documented as safe for concurrent use writes a field with no lock
func (s *Stats) Fail(err error) {
	s.lastErr = err // want "shared-variable-race: `Stats.Fail` writes `s.lastErr` with no lock or atomic, but `Stats`'s documentation promises concurrent use"
}
