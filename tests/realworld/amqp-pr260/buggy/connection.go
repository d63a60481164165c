package amqp

import (
	"errors"
	"sync"
)

var ErrClosed = errors.New("amqp: channel/connection is not open")

type message interface{}

// frame is a decoded frame read off the socket, addressed to one channel.
type frame struct {
	channel uint16
	method  message
}

type Connection struct {
	m        sync.Mutex
	channels map[uint16]*Channel
	frames   chan frame // stands in for the socket the reader decodes
	out      chan frame // stands in for the socket writer
}

// Open starts the reader goroutine that feeds every channel's dispatch.
func Open(frames, out chan frame) *Connection {
	c := &Connection{channels: make(map[uint16]*Channel), frames: frames, out: out}
	go c.reader()
	return c
}

func (c *Connection) reader() {
	for f := range c.frames {
		c.demux(f)
	}
}

func (c *Connection) demux(f frame) {
	c.m.Lock()
	ch := c.channels[f.channel]
	c.m.Unlock()
	if ch != nil {
		ch.recv(f)
	}
}

func (c *Connection) send(f frame) error {
	c.out <- f
	return nil
}

// Channel opens a new AMQP channel on the connection.
func (c *Connection) Channel(id uint16) *Channel {
	ch := newChannel(c, id)
	c.m.Lock()
	c.channels[id] = ch
	c.m.Unlock()
	return ch
}

func (c *Connection) closeChannel(ch *Channel, e *Error) {
	ch.shutdown(e)
	c.m.Lock()
	delete(c.channels, ch.id)
	c.m.Unlock()
}
