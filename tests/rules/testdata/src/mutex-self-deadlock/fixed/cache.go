package fixed

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// shape: the locked method calls a helper that expects the lock held
func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	c.putLocked(k, len(k))
	return len(k)
}

type Store struct {
	mu   sync.RWMutex
	data map[string]string
}

// shape: compact reads the length directly instead of calling Len
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

// shape: a lock-free helper shared by both exported functions
func Register(name string) bool {
	regMu.Lock()
	defer regMu.Unlock()
	if registered(name) {
		return false
	}
	registry[name] = len(registry)
	return true
}
