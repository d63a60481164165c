package buggy

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// shape: an early return between Lock and Unlock
func (c *Cache) Take(k string) (int, bool) {
	c.mu.Lock() // want "mutex-unlock-missing: stays locked forever"
	v, ok := c.items[k]
	if !ok {
		return 0, false
	}
	delete(c.items, k)
	c.mu.Unlock()
	return v, true
}

// shape: a return nested in a loop inside the critical section
func (c *Cache) Any(keys []string) bool {
	c.mu.Lock() // want "mutex-unlock-missing: stays locked forever"
	for _, k := range keys {
		if _, ok := c.items[k]; ok {
			return true
		}
	}
	c.mu.Unlock()
	return false
}
