package buggy

func (c *Cache) Put(k string, v int) {
	c.mu.Lock() // want "mutex-self-deadlock: `Cache.Get` locks `c.mu` at cache.go:12 and, holding it, calls `c.Put\(\)`.*not reentrant"
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
	s.mu.RLock() // want "mutex-self-deadlock: read-locks a mutex.*`Store.Flush` locks `s.mu` at cache.go:28 and, holding it, calls `s.compact\(\) → s.Len\(\)`"
	defer s.mu.RUnlock()
	return len(s.data)
}

func Registered(name string) bool {
	regMu.Lock() // want "mutex-self-deadlock: `Register` locks `regMu` at cache.go:41 and, holding it, calls `Registered\(\)`"
	defer regMu.Unlock()
	_, ok := registry[name]
	return ok
}

// shape: locking the same mutex twice in one function
func (c *Cache) Reset() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Lock() // want "mutex-self-deadlock: `c.mu` was already locked by this function at cache_put.go:34.*not reentrant"
	c.mu.Unlock()
}
