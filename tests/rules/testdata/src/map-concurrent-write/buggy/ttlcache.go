package buggy

import "sync"

// TTLCache drops entries whose value went negative.
type TTLCache struct {
	mu    sync.RWMutex
	items map[string]int
}

// removeLocked deletes key; the caller holds c.mu.
// shape: the helper documented as run under the lock deletes; one of its callers holds only the read lock, as concurrent Gets do
func (c *TTLCache) removeLocked(k string) { delete(c.items, k) } // want "map-concurrent-write: `TTLCache.removeLocked`, run by the goroutine started in a loop at line [0-9]+ writes map `c.items` holding only the read lock `c.mu`"

func (c *TTLCache) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
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
