package connection

import (
	"net"
	"sync"
	"time"
)

// Connection is one client of the redis server.
type Connection struct {
	conn net.Conn

	// waitingReply counts replies being written, so that Close lets them finish
	waitingReply Wait

	mu sync.Mutex
}

// NewConn wraps an accepted network connection.
func NewConn(conn net.Conn) *Connection {
	return &Connection{conn: conn}
}

// Write sends a reply to the client.
func (c *Connection) Write(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	c.mu.Lock()
	c.waitingReply.Add(1)
	defer func() {
		c.waitingReply.Done()
		c.mu.Unlock()
	}()
	_, err := c.conn.Write(b)
	return err
}

// Close waits a little for pending replies, then closes the socket.
func (c *Connection) Close() error {
	c.waitingReply.WaitWithTimeout(10 * time.Second)
	_ = c.conn.Close()
	return nil
}
