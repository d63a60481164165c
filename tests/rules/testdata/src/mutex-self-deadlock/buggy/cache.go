package buggy

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// shape: a method holding c.mu calls a method (in cache_put.go) that locks c.mu again
func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	c.Put(k, len(k))
	return len(k)
}

type Store struct {
	mu   sync.RWMutex
	data map[string]string
}

// shape: the relock happens two calls down (Flush -> compact -> Len)
func (s *Store) Flush() int {
	s.mu.Lock()
	n := s.compact()
	s.mu.Unlock()
	return n
}

var (
	regMu    sync.Mutex
	registry = map[string]int{}
)

// shape: a package-level mutex held while calling a function that locks it
func Register(name string) bool {
	regMu.Lock()
	defer regMu.Unlock()
	if Registered(name) {
		return false
	}
	registry[name] = len(registry)
	return true
}
