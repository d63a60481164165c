package buggy

import "sync"

// HitCache counts hits; Get takes the lock for the lookup only.
type HitCache struct {
	mu    sync.Mutex
	items map[string]string
	hits  int
}

// shape: the critical section ends before the counter it guards elsewhere is bumped
func (c *HitCache) Get(k string) (string, bool) {
	c.mu.Lock()
	v, ok := c.items[k]
	c.mu.Unlock()
	if ok {
		c.hits++ // want "shared-variable-race: `HitCache.Get` takes `c.mu` for its other work but writes `c.hits` outside it, while `HitCache.Hits` reads it"
	}
	return v, ok
}

func (c *HitCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

// Picker rotates over addresses a goroutine keeps up to date.
type Picker struct {
	mu      sync.RWMutex
	addrs   []string
	next    int
	updates chan []string
}

func NewPicker() *Picker {
	p := &Picker{updates: make(chan []string)}
	go p.watch()
	return p
}

// shape: the watcher swaps the list in a critical section and resets the cursor after it
func (p *Picker) watch() {
	for a := range p.updates {
		p.mu.Lock()
		p.addrs = a
		p.mu.Unlock()
		p.next = 0 // want "shared-variable-race: `Picker.watch` takes `p.mu` for its other work but writes `p.next` outside it"
	}
}

func (p *Picker) Pick() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if len(p.addrs) == 0 {
		return ""
	}
	return p.addrs[p.next%len(p.addrs)]
}
