package fixed

import "sync"

type Track struct{ id string }

// Conn hands each incoming track to its handler on a goroutine of its own.
type Conn struct {
	mu      sync.RWMutex
	onTrack func(*Track)
	codecs  map[string]int
}

func (c *Conn) notify(t *Track) {
	c.mu.RLock()
	h := c.onTrack
	c.mu.RUnlock()
	if h != nil {
		h(t)
	}
}

// the goroutine lets the read lock go before it calls a method that takes it
func (c *Conn) startReceiver(t *Track) {
	go func() {
		c.mu.RLock()
		_, ok := c.codecs[t.id]
		c.mu.RUnlock()
		if !ok {
			return
		}
		c.notify(t)
	}()
}
