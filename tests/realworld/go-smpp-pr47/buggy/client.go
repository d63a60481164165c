package smpp

import (
	"errors"
	"time"
)

var (
	ErrNotBound     = errors.New("not bound")
	ErrNotConnected = errors.New("not connected")
	ErrTimeout      = errors.New("timeout waiting for response")
)

// Header and Body stand in for the pdu package.
type Header struct {
	ID  uint32
	Seq uint32
}

type Body interface {
	Header() *Header
}

// Conn is one SMPP connection to the server.
type Conn interface {
	Read() (Body, error)
	Write(Body) error
	Close() error
}

// client keeps the connection; the real one also rebinds and sends
// enquire_link in the background.
type client struct {
	Conn
	RespTimeout time.Duration
}

func (c *client) respTimeout() <-chan time.Time {
	if c.RespTimeout == 0 {
		return time.After(time.Second)
	}
	return time.After(c.RespTimeout)
}
