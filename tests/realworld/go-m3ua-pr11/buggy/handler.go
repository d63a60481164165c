package m3ua

import "errors"

var errUnexpected = errors.New("unexpected message")

func (c *Conn) handleMessage(b []byte) error {
	if len(b) == 0 {
		return errUnexpected
	}
	switch b[0] {
	case 1:
		return c.handleAspUpAck(b)
	default:
		return c.handlePayload(b)
	}
}

func (c *Conn) handleAspUpAck(b []byte) error {
	c.mu.Lock()
	if c.state != StateDown {
		return errUnexpected
	}
	c.state = StateActive
	c.mu.Unlock()
	return nil
}

func (c *Conn) handlePayload(b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != StateActive {
		return errUnexpected
	}
	c.dataCh <- b
	return nil
}

func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.state = StateDown
	return c.conn.Close()
}
