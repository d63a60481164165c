package m3ua

import (
	"net"
	"sync"
)

type State int

const (
	StateDown State = iota
	StateActive
)

type Conn struct {
	mu    *sync.Mutex
	conn  net.Conn
	state State
	errCh chan error
	dataCh chan []byte
}

func newConn(c net.Conn) *Conn {
	cn := &Conn{mu: new(sync.Mutex), conn: c, errCh: make(chan error, 1), dataCh: make(chan []byte, 16)}
	go cn.monitor()
	return cn
}

func (c *Conn) monitor() {
	buf := make([]byte, 1500)
	for {
		n, err := c.conn.Read(buf)
		if err != nil {
			c.errCh <- err
			return
		}
		if err := c.handleMessage(buf[:n]); err != nil {
			continue
		}
	}
}
