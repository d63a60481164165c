package ok

import (
	"bufio"
	"errors"
	"io"
	"net"
	"sync"
)

// shape: a connection wrapper made for one read and dropped after it: a lock left held on a
// failed read is never asked for again
type packetConn struct {
	mtx  sync.Mutex
	conn net.Conn
}

func receivedConn(c net.Conn) *packetConn {
	return &packetConn{conn: c}
}

func (p *packetConn) read() ([]byte, error) {
	if p.conn == nil {
		return nil, errors.New("nil connection")
	}
	p.mtx.Lock()
	buf := make([]byte, 4)
	if _, err := io.ReadFull(bufio.NewReader(p.conn), buf); err != nil {
		return nil, err
	}
	p.mtx.Unlock()
	return buf, nil
}

func HandlePacket(c net.Conn) ([]byte, error) {
	return receivedConn(c).read()
}
