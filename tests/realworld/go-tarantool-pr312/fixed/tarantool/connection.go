// Package tarantool is a stand-in for the connector's single-connection
// client: only what the pool uses is kept.
package tarantool

import (
	"errors"
	"net"
	"sync"
	"time"
)

var ErrClosed = errors.New("connection closed")

// Connection is one connection to one Tarantool instance.
type Connection struct {
	addr string

	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

// Connect dials addr.
func Connect(addr string, timeout time.Duration) (*Connection, error) {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	return &Connection{addr: addr, conn: c}, nil
}

func (c *Connection) Addr() string {
	return c.addr
}

// ConnectedNow reports whether the connection is usable at this moment.
func (c *Connection) ConnectedNow() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.closed
}

// Eval sends an expression and returns its raw answer.
func (c *Connection) Eval(expr string) ([]byte, error) {
	if !c.ConnectedNow() {
		return nil, ErrClosed
	}
	if _, err := c.conn.Write([]byte(expr)); err != nil {
		return nil, err
	}
	buf := make([]byte, 512)
	n, err := c.conn.Read(buf)
	return buf[:n], err
}

func (c *Connection) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	return c.conn.Close()
}
