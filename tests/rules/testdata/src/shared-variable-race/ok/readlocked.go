package ok

import "sync"

// shape: fields written under the write lock, and a local tally under the read lock: nothing
// of the shared value changes while only the read lock is held.

type ring struct {
	mu      sync.RWMutex
	items   []string
	current int
}

func (r *ring) Advance() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.current = (r.current + 1) % len(r.items)
	return r.items[r.current]
}

func (r *ring) Count(prefix string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, it := range r.items {
		if len(it) >= len(prefix) && it[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}

// shape: an iterator whose one consumer takes the read lock only to keep Close out while it
// steps; no one else takes the read lock around its state.
type mergeIterator struct {
	mu     sync.RWMutex
	inputs []<-chan int
	init   bool
	closed bool
}

func (itr *mergeIterator) Next() (int, bool) {
	itr.mu.RLock()
	defer itr.mu.RUnlock()
	if itr.closed {
		return 0, false
	}
	if !itr.init {
		itr.init = true
	}
	for _, in := range itr.inputs {
		if v, ok := <-in; ok {
			return v, true
		}
	}
	return 0, false
}

func (itr *mergeIterator) Close() {
	itr.mu.Lock()
	itr.closed = true
	itr.mu.Unlock()
}
