package ok

import (
	"sync"
	"time"
)

// Cache maps names to sizes; a cleaner goroutine empties it now and then.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// Start runs the cleaner in the background.
func (c *Cache) Start() {
	go c.cleaner()
}

func (c *Cache) cleaner() {
	for {
		time.Sleep(time.Minute)
		c.mu.Lock()
		c.purge()
		c.mu.Unlock()
	}
}

// shape: a helper documented as "Lock should be held."
// Lock should be held.
func (c *Cache) purge() {
	for name := range c.items {
		delete(c.items, name)
	}
}

// Get returns the size stored for name, storing 0 the first time.
func (c *Cache) Get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.get(name)
}

// shape: an undocumented helper that every caller in the package calls with the lock held
// (the package's tests call it directly, one goroutine at a time)
func (c *Cache) get(name string) int {
	size, ok := c.items[name]
	if !ok {
		c.items[name] = 0
	}
	return size
}
