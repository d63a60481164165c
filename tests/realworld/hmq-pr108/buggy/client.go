package broker

import (
	"net"
	"sync"
	"time"
)

type inflightElem struct {
	at     time.Time
	packet []byte
}

type client struct {
	conn     net.Conn
	mu       sync.Mutex
	inflight map[uint16]*inflightElem
	ctx      chan struct{}
}

func newClient(c net.Conn) *client {
	cl := &client{conn: c, inflight: make(map[uint16]*inflightElem), ctx: make(chan struct{})}
	go cl.readLoop()
	go cl.retryDelivery()
	return cl
}

func (c *client) readLoop() {
	buf := make([]byte, 4096)
	for {
		n, err := c.conn.Read(buf)
		if err != nil {
			close(c.ctx)
			return
		}
		c.processPublish(buf[:n])
	}
}

func (c *client) processPublish(p []byte) {
	if len(p) < 2 {
		return
	}
	id := uint16(p[0])<<8 | uint16(p[1])
	c.inflight[id] = &inflightElem{at: time.Now(), packet: p}
	c.writePacket(p)
}

func (c *client) processPubAck(id uint16) {
	delete(c.inflight, id)
}

func (c *client) retryDelivery() {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-c.ctx:
			return
		case <-t.C:
			for id, e := range c.inflight {
				if time.Since(e.at) > 20*time.Second {
					delete(c.inflight, id)
					continue
				}
				c.writePacket(e.packet)
			}
		}
	}
}

func (c *client) writePacket(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.conn.Write(p)
}
