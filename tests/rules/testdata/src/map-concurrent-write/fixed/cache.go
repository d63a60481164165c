package fixed

import "sync"

type Cache struct {
	mu    sync.Mutex
	pages map[string]string
}

func NewCache() *Cache {
	return &Cache{pages: make(map[string]string)}
}

func (c *Cache) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	return p, ok
}
