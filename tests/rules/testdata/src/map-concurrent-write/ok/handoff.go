package ok

import "sync"

// shape: the constructor locks the cache and hands the lock to the goroutine that fills it,
// which releases it when done; every other method takes the same lock
type FileCache struct {
	mu    sync.Mutex
	items map[string]int64
	used  int64
	limit int64
}

func NewFileCache(limit int64) *FileCache {
	c := &FileCache{items: map[string]int64{}, limit: limit}
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		c.rescan()
	}()
	return c
}

func (c *FileCache) rescan() {
	c.items = make(map[string]int64)
	_ = walk(func(name string, size int64) error {
		c.update(name, size)
		return nil
	})
}

func walk(fn func(string, int64) error) error {
	for _, name := range []string{"a", "b"} {
		if err := fn(name, 1); err != nil {
			return err
		}
	}
	return nil
}

// shape: update and trim call each other; every call from outside the cycle holds the lock
func (c *FileCache) update(name string, size int64) {
	c.used += size - c.items[name]
	c.items[name] = size
	c.trim()
}

func (c *FileCache) trim() {
	for name := range c.items {
		if c.used <= c.limit {
			return
		}
		c.remove(name)
	}
}

func (c *FileCache) remove(name string) {
	c.update(name, 0)
	delete(c.items, name)
}

func (c *FileCache) Put(name string, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.update(name, size)
}

// shape: an exported method of an unexported type, run only by the per-connection goroutine
// that owns the session
type milterSession struct {
	macros map[string]string
}

func (m *milterSession) Process(kv []string) {
	m.macros = map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m.macros[kv[i]] = kv[i+1]
	}
}

func (m *milterSession) serve(msgs <-chan []string) {
	for kv := range msgs {
		m.Process(kv)
	}
}

func ServeMilter(conns []chan []string) {
	for _, c := range conns {
		session := milterSession{}
		go session.serve(c)
	}
}
