package fixed

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// shape: defer the unlock
func (c *Cache) Take(k string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if !ok {
		return 0, false
	}
	delete(c.items, k)
	return v, true
}

// shape: unlock before the early return
func (c *Cache) Any(keys []string) bool {
	c.mu.Lock()
	for _, k := range keys {
		if _, ok := c.items[k]; ok {
			c.mu.Unlock()
			return true
		}
	}
	c.mu.Unlock()
	return false
}
