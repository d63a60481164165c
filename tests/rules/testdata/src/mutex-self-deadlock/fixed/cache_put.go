package fixed

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(k, v)
}

// putLocked stores v; c.mu must be held.
func (c *Cache) putLocked(k string, v int) {
	c.items[k] = v
}

// compact must be called with s.mu held.
func (s *Store) compact() int {
	for k, v := range s.data {
		if v == "" {
			delete(s.data, k)
		}
	}
	return len(s.data)
}

func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.data)
}

func Registered(name string) bool {
	regMu.Lock()
	defer regMu.Unlock()
	return registered(name)
}

func registered(name string) bool {
	_, ok := registry[name]
	return ok
}

func (c *Cache) Reset() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Unlock()
}
