package ok

import (
	"context"
	"sync"
)

// Cache wakes its cleaner when space runs out. The kicked flag lets one kick through at a time
// and only the cleaner clears it, so the one-slot channel always has room for the send.
type Cache struct {
	mu       sync.Mutex
	kickerMu sync.Mutex
	kicked   bool
	full     bool
	kick     chan struct{}
}

func NewCache(ctx context.Context) *Cache {
	c := &Cache{kick: make(chan struct{}, 1)}
	go c.cleaner(ctx)
	return c
}

// shape: a buffered send under the lock, gated by a flag so that only one is ever pending
func (c *Cache) Kick() {
	c.kickerMu.Lock()
	if !c.kicked {
		c.kicked = true
		c.mu.Lock()
		c.full = true
		c.kick <- struct{}{}
		c.mu.Unlock()
	}
	c.kickerMu.Unlock()
}

func (c *Cache) clean(kicked bool) {
	c.mu.Lock()
	c.full = false
	c.mu.Unlock()
	if kicked {
		c.kickerMu.Lock()
		c.kicked = false
		c.kickerMu.Unlock()
	}
}

func (c *Cache) cleaner(ctx context.Context) {
	for {
		select {
		case <-c.kick:
			c.clean(true)
		case <-ctx.Done():
			return
		}
	}
}
