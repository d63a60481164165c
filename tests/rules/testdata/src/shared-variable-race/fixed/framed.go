package fixed

import (
	"errors"
	"io"
	"sync"
)

var errConnClosed = errors.New("connection closed")

// StompConn's read loop, a goroutine of its own, marks the connection closed when the peer
// drops it; the methods callers use check the flag first.
type StompConn struct {
	closeMu *sync.Mutex
	closed  bool
	out     chan []byte
}

func DialStomp(r io.Reader) *StompConn {
	c := &StompConn{closeMu: &sync.Mutex{}, out: make(chan []byte, 16)}
	go readFrames(c, r)
	return c
}

func readFrames(c *StompConn, r io.Reader) {
	buf := make([]byte, 512)
	for {
		_, err := r.Read(buf)
		c.closeMu.Lock()
		c.closed = err != nil
		c.closeMu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *StompConn) Disconnect() {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	c.closed = true
}

func (c *StompConn) sendFrame(f []byte) error {
	c.closeMu.Lock()
	closed := c.closed
	c.closeMu.Unlock()
	if closed {
		return errConnClosed
	}
	c.out <- f
	return nil
}

func (c *StompConn) Ack(id string) error {
	return c.sendFrame([]byte("ACK " + id))
}
