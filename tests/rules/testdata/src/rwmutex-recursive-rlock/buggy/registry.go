package buggy

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

// shape: a read-locked method calls a method that read-locks again
func (r *Registry) Average() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	total := 0
	for _, v := range r.items {
		total += v
	}
	return total / (r.Len() + 1) // want "rwmutex-recursive-rlock: recursive RLock"
}
