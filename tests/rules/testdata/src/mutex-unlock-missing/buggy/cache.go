package buggy

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// shape: an early return between Lock and Unlock
func (c *Cache) Take(k string) (int, bool) {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		return 0, false // want "mutex-unlock-missing: This return leaves `c.mu` locked.*stays locked forever"
	}
	delete(c.items, k)
	c.mu.Unlock()
	return v, true
}

// shape: a return nested in a loop inside the critical section
func (c *Cache) Any(keys []string) bool {
	c.mu.Lock()
	for _, k := range keys {
		if _, ok := c.items[k]; ok {
			return true // want "mutex-unlock-missing: This return leaves `c.mu` locked: `c.mu.Lock[(][)]` at line 24"
		}
	}
	c.mu.Unlock()
	return false
}
