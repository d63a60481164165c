package buggy

import "sync"

// Session is one client connection of a Server.
type Session struct {
	mu     sync.Mutex
	id     string
	srv    *Server
	out    []string
	closed bool
}

func (c *Session) Send(msg string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.out = append(c.out, msg)
	return true
}

// Close marks the session closed and unregisters it, still holding its own lock.
func (c *Session) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.srv.logf("session %s closed", c.id)
	c.srv.remove(c) // want "lock-order-inversion: ^Lock-order inversion: .*waits forever for the other's"
}
