package buggy

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

// Catalog reads its index under the index's own lock.
type Catalog struct {
	index *Index
}

// shape: the held RLock is on a field's lock, and a method of that field read-locks it again
func (c *Catalog) Missing(keys []string) []string {
	c.index.mu.RLock()
	defer c.index.mu.RUnlock()
	var out []string
	for _, k := range keys {
		if !c.index.Has(k) { // want "rwmutex-recursive-rlock: recursive RLock"
			out = append(out, k)
		}
	}
	return out
}
