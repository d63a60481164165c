package fixed

import "sync"

// Index is a set of keys shared by several catalogs.
type Index struct {
	mu   sync.RWMutex
	keys map[string]bool
}

func (x *Index) Has(k string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.keys[k]
}

// missing returns the keys not in the index; x.mu must be held.
func (x *Index) missing(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !x.keys[k] {
			out = append(out, k)
		}
	}
	return out
}

// Catalog reads its index under the index's own lock.
type Catalog struct {
	index *Index
}

func (c *Catalog) Missing(keys []string) []string {
	c.index.mu.RLock()
	defer c.index.mu.RUnlock()
	return c.index.missing(keys)
}
