package buggy

func (c *Cache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.entries[key]
	return ok
}

// Get counts a hit and returns the entry.
func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	v, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		c.statsMu.Lock()
		c.hits[key]++
		c.statsMu.Unlock()
	}
	return v, ok
}
