package ok

import (
	"sync"
	"time"
)

type entry struct {
	val     string
	expires time.Time
}

type Cache struct {
	mu    sync.RWMutex
	items map[string]entry
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = entry{v, time.Now().Add(time.Minute)}
}

// shape: readers iterate under RLock while writers hold Lock
func (c *Cache) Keys() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	keys := make([]string, 0, len(c.items))
	for k := range c.items {
		keys = append(keys, k)
	}
	return keys
}

// shape: deleting inside one's own range loop (under the lock) is legal Go
func (c *Cache) Purge(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if now.After(e.expires) {
			delete(c.items, k)
		}
	}
}

// StartPurger runs Purge and Put from goroutines, so the locks above matter.
func (c *Cache) StartPurger(every time.Duration) {
	go func() {
		for now := range time.Tick(every) {
			c.Purge(now)
			c.Put("last-purge", now.String())
		}
	}()
}
