package ok

import (
	"errors"
	"sync"
	"time"
)

// Counters expire; a janitor goroutine removes the expired ones.
type Counters struct {
	mu      sync.Mutex
	items   map[string]int
	expires map[string]time.Time
}

// NewCounters starts the janitor.
func NewCounters() *Counters {
	c := &Counters{items: map[string]int{}, expires: map[string]time.Time{}}
	go c.janitor()
	return c
}

func (c *Counters) janitor() {
	for range time.Tick(time.Minute) {
		c.mu.Lock()
		for k, at := range c.expires {
			if time.Now().After(at) {
				c.delete(k)
			}
		}
		c.mu.Unlock()
	}
}

// shape: a method named like the builtin: `delete(m, k)` calls are not its callers
func (c *Counters) delete(k string) {
	delete(c.items, k)
	delete(c.expires, k)
}

// shape: a switch case unlocks and returns; the other paths still hold the lock
func (c *Counters) Add(k string, n int) error {
	c.mu.Lock()
	v := c.items[k]
	switch {
	case n < 0:
		c.mu.Unlock()
		return errors.New("negative")
	case n == 0:
	default:
		v += n
	}
	c.items[k] = v
	c.expires[k] = time.Now().Add(time.Hour)
	c.mu.Unlock()
	return nil
}
