package ok

import "sync"

type feed struct {
	id    int
	items chan string
}

// Catalog sends under its read lock; the consumer between receives only reads the catalog
// too. Read locks are shared, so the consumer's call does not wait for the sender.
type Catalog struct {
	mu    sync.RWMutex
	feeds map[int]*feed
	names map[int]string
}

func (c *Catalog) Name(id int) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.names[id]
}

func (c *Catalog) Announce(item string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, f := range c.feeds {
		f.items <- item
	}
}

type Reader struct {
	cat *Catalog
}

func (r *Reader) Follow(f *feed, out func(string, string)) {
	for item := range f.items {
		out(r.cat.Name(f.id), item)
	}
}
