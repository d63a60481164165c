package fixed

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

// Stats holds a Counter (and so a Mutex) by value.
type Stats struct {
	hits Counter
	name string
}

// shape: pointer receiver
func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// shape: pointer receiver on the outer struct
func (s *Stats) Name() string {
	return s.name
}
