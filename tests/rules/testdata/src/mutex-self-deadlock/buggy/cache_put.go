package buggy

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

func (s *Store) compact() int {
	for k, v := range s.data {
		if v == "" {
			delete(s.data, k)
		}
	}
	return s.Len()
}

// Len read-locks s.mu: a writer holding s.mu.Lock that calls it blocks forever.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.data)
}

func Registered(name string) bool {
	regMu.Lock()
	defer regMu.Unlock()
	_, ok := registry[name]
	return ok
}

// shape: locking the same mutex twice in one function
func (c *Cache) Reset() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Lock() // want "mutex-self-deadlock: not reentrant"
	c.mu.Unlock()
}
