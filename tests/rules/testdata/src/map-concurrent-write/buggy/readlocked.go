package buggy

import "sync"

// Index counts lookups while holding only the read lock, which lets every reader in at once:
// the count's write races with the lookups holding the same read lock.
type Index struct {
	mu   sync.RWMutex
	hits map[string]int
}

func NewIndex() *Index { return &Index{hits: map[string]int{}} }

func (x *Index) Hits(key string) int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.hits[key]
}

func (x *Index) Touch(key string) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	x.hits[key]++ // want "map-concurrent-write: .*holding only the read lock `x.mu` while `Index.Hits` reads it"
}

func Serve(x *Index, keys []string) {
	for _, k := range keys {
		go x.Touch(k)
		go x.Hits(k)
	}
}
