// Package cache locks before it looks.
package cache

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		return 0, false
	}
	v, ok := c.m[k]
	return v, ok
}
