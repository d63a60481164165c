package ok

import "sync"

type Registry struct {
	mu    sync.RWMutex
	items map[string]int
}

func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.items)
}

// shape: the read lock is released before the call
func (r *Registry) Half() int {
	r.mu.RLock()
	n := len(r.items)
	r.mu.RUnlock()
	return n/2 + r.Len()
}

// shape: another registry's lock
func (r *Registry) Bigger(o *Registry) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.items) > o.Len()
}

// shape: the nested call runs on a new goroutine
func (r *Registry) Report(out chan<- int) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	go func() {
		out <- r.Len()
	}()
}
