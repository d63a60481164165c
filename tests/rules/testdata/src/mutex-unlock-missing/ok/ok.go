package ok

import "sync"

type Conn struct {
	mu     sync.Mutex
	closed bool
	n      int
}

// shape: every early return unlocks first
func (c *Conn) Write(n int) bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	c.n += n
	c.mu.Unlock()
	return true
}

// shape: a helper named for unlocking releases on the way out
func (c *Conn) Close() int {
	c.mu.Lock()
	if c.closed {
		return c.unlockAndCount()
	}
	c.closed = true
	c.mu.Unlock()
	return 0
}

func (c *Conn) unlockAndCount() int {
	n := c.n
	c.mu.Unlock()
	return n
}

// shape: an assertion panic with a message (the program is meant to die)
func (c *Conn) mustOpen() {
	c.mu.Lock()
	if c.closed {
		panic("conn: use after close")
	}
	c.mu.Unlock()
}

// shape: the return is in a callback, not the locked function
func (c *Conn) Each(fs []func(int) bool) {
	c.mu.Lock()
	for _, f := range fs {
		func() {
			if !f(c.n) {
				return
			}
			c.n++
		}()
	}
	c.mu.Unlock()
	c.mustOpen()
}

// shape: a return in `if false { ... }`, dead code kept for a linter
func emptySection(mu *sync.Mutex) {
	mu.Lock()
	if false {
		return
	}
	mu.Unlock()
}
