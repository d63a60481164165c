package buggy

import "sync"

// Cache keeps entries and hit statistics under two locks.
type Cache struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	entries map[string][]byte
	hits    map[string]int
	trace   func(string)
}

// shape: two locks of one receiver, taken in opposite orders by two methods
func (c *Cache) Evict(key string) {
	c.mu.Lock()
	c.statsMu.Lock() // want "lock-order-inversion: ^Lock-order inversion: .*waits forever for the other's"
	c.trace("evict")
	delete(c.entries, key)
	delete(c.hits, key)
	c.statsMu.Unlock()
	c.mu.Unlock()
}

// Report returns the hit count of every cached key.
func (c *Cache) Report() map[string]int {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	c.trace("report")
	out := make(map[string]int, len(c.hits))
	for k, n := range c.hits {
		if c.has(k) {
			out[k] = n
		}
	}
	return out
}
