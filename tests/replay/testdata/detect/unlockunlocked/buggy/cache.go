// Package cache unlocks on a path where it never locked.
package cache

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	if c.m == nil {
		c.mu.Unlock() // runtime: mutex-unlock-not-locked
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}
