package ok

import (
	"sync"
	"time"
)

// Cache fills entries in the background.
type Cache struct {
	mu     sync.Mutex
	filled *sync.Cond
	vals   map[string]string
}

// NewCache returns an empty cache; each fill wakes the readers through a deferred Broadcast.
func NewCache() *Cache {
	c := &Cache{vals: map[string]string{}}
	c.filled = sync.NewCond(&c.mu)
	return c
}

// shape: signalled through a deferred Broadcast in another method
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.vals[k] == "" {
		c.filled.Wait()
	}
	return c.vals[k]
}

// Fill stores a value.
func (c *Cache) Fill(k, v string) {
	c.mu.Lock()
	defer c.filled.Broadcast()
	defer c.mu.Unlock()
	c.vals[k] = v
}

// Ticker wakes its waiters on a timer.
type Ticker struct {
	mu   sync.Mutex
	tick *sync.Cond
	n    int
}

// shape: the Broadcast method value is handed to a timer callback
func (t *Ticker) Start(d time.Duration) {
	t.tick = sync.NewCond(&t.mu)
	time.AfterFunc(d, t.tick.Broadcast)
}

// Await waits for the n-th tick.
func (t *Ticker) Await(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.n < n {
		t.tick.Wait()
	}
}

// Gate is shared with other packages, which signal it.
type Gate struct {
	Mu   sync.Mutex
	Open *sync.Cond
	Up   bool
}

// shape: an exported Cond field: other packages may Signal it
func (g *Gate) Await() {
	g.Mu.Lock()
	for !g.Up {
		g.Open.Wait()
	}
	g.Mu.Unlock()
}

// shape: a local Cond handed to a helper that signals it
func waitFor(work func(*sync.Cond)) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	go work(c)
	c.Wait()
	mu.Unlock()
}

// Run runs the work and waits for its signal.
func Run() {
	waitFor(func(c *sync.Cond) {
		c.L.Lock()
		c.L.Unlock()
		c.Signal()
	})
}
