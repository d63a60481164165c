package fixed

import "sync"

// TTLCache drops entries whose value went negative.
type TTLCache struct {
	mu    sync.RWMutex
	items map[string]int
}

// removeLocked deletes key; the caller holds c.mu.
func (c *TTLCache) removeLocked(k string) { delete(c.items, k) }

func (c *TTLCache) Get(k string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if ok && v < 0 {
		c.removeLocked(k)
		return 0, false
	}
	return v, ok
}

func (c *TTLCache) Remove(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeLocked(k)
}

func (c *TTLCache) Lookups(keys <-chan string) {
	for k := range keys {
		go c.Get(k)
	}
}
