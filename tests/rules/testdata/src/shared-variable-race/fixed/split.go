package fixed

import "sync"

type HitCache struct {
	mu    sync.Mutex
	items map[string]string
	hits  int
}

// shape: the counter is bumped inside the critical section
func (c *HitCache) Get(k string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if ok {
		c.hits++
	}
	return v, ok
}

func (c *HitCache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

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

// shape: list and cursor change together in one critical section
func (p *Picker) watch() {
	for a := range p.updates {
		p.mu.Lock()
		p.addrs = a
		p.next = 0
		p.mu.Unlock()
	}
}

func (p *Picker) Pick() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.addrs) == 0 {
		return ""
	}
	p.next++
	return p.addrs[p.next%len(p.addrs)]
}
