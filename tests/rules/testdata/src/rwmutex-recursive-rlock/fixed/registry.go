package fixed

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

// shape: read the field directly while read-locked
func (r *Registry) Average() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	total := 0
	for _, v := range r.items {
		total += v
	}
	return total / (len(r.items) + 1)
}
