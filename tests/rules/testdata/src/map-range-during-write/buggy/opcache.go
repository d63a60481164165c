package buggy

import "sync"

// shape: a cache whose mutex is a pointer made with the cache; its Items goroutine ranges over
// the map without it while Put writes under it
type OperationCache struct {
	mu   *sync.Mutex
	body map[string]int
}

func NewOperationCache() *OperationCache {
	return &OperationCache{mu: &sync.Mutex{}, body: map[string]int{}}
}

func (oc *OperationCache) Put(k string, v int) {
	oc.mu.Lock()
	defer oc.mu.Unlock()
	oc.body[k] = v
}

func (oc *OperationCache) Items() chan int {
	items := make(chan int)
	go func() {
		defer close(items)
		for _, v := range oc.body { // want "map-range-during-write: `oc.mu` is held there but not here"
			items <- v
		}
	}()
	return items
}
