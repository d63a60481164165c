package conn

import (
	"net"
	"sync"
	"time"
)

type MConnection struct {
	conn       net.Conn
	send       chan struct{}
	pong       chan struct{}
	quit       chan struct{}
	flushTimer *time.Timer
	mtx        sync.Mutex
	onError    func(error)
}

func NewMConnection(c net.Conn, onError func(error)) *MConnection {
	return &MConnection{
		conn:    c,
		send:    make(chan struct{}, 1),
		pong:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		onError: onError,
	}
}

func (c *MConnection) OnStart() error {
	c.flushTimer = time.NewTimer(100 * time.Millisecond)
	go c.sendRoutine()
	go c.recvRoutine()
	return nil
}

func (c *MConnection) OnStop() {
	c.flushTimer.Stop()
	close(c.quit)
	c.conn.Close()
}

func (c *MConnection) stopForError(err error) {
	c.OnStop()
	if c.onError != nil {
		c.onError(err)
	}
}

func (c *MConnection) sendRoutine() {
	for {
		select {
		case <-c.send:
			if _, err := c.conn.Write([]byte{1}); err != nil {
				c.stopForError(err)
				return
			}
		case <-c.quit:
			return
		}
	}
}

func (c *MConnection) recvRoutine() {
	buf := make([]byte, 1024)
	for {
		if _, err := c.conn.Read(buf); err != nil {
			c.stopForError(err)
			return
		}
	}
}
