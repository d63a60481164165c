package fixed

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

// Close marks the session closed, releases its own lock, then unregisters it: the server's
// lock is never requested while a session lock is held.
func (c *Session) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.srv.logf("session %s closed", c.id)
	c.srv.remove(c)
}
