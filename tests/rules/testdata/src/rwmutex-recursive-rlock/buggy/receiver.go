package buggy

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

// shape: the goroutine holds the read lock for its whole body and calls a method that takes it again
func (c *Conn) startReceiver(t *Track) {
	go func() {
		c.mu.RLock()
		defer c.mu.RUnlock()
		if _, ok := c.codecs[t.id]; !ok {
			return
		}
		c.notify(t) // want "rwmutex-recursive-rlock: recursive RLock"
	}()
}
