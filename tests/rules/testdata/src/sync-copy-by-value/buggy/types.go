package buggy

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

// shape: value receiver on a struct holding a Mutex
func (c Counter) Inc() { // want "sync-copy-by-value: cop(y|ies)"
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// shape: value receiver on a struct holding one through another struct
func (s Stats) Name() string { // want "sync-copy-by-value: cop(y|ies)"
	return s.name
}
