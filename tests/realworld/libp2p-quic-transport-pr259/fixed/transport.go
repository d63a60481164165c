package libp2pquic

import (
	"errors"
	"sync"
)

type quicConn interface{ RemoteAddr() string }

type resourceScope interface{ ReserveMemory(size int) error }

type conn struct {
	quicConn quicConn
	scope    resourceScope
}

type transport struct {
	connMx sync.Mutex
	conns  map[quicConn]*conn
	dial   func(addr string) (quicConn, error)
	scopes func() resourceScope
}

func newTransport(dial func(string) (quicConn, error), scopes func() resourceScope) *transport {
	return &transport{conns: make(map[quicConn]*conn), dial: dial, scopes: scopes}
}

// allowWindowIncrease is handed to quic-go, which calls it from each connection's run loop.
func (t *transport) allowWindowIncrease(qc quicConn, size uint64) bool {
	t.connMx.Lock()
	c, ok := t.conns[qc]
	t.connMx.Unlock()
	if !ok {
		return false
	}
	return c.scope.ReserveMemory(int(size)) == nil
}

func (t *transport) Dial(addr string) (*conn, error) {
	qc, err := t.dial(addr)
	if err != nil {
		return nil, err
	}
	c := &conn{quicConn: qc, scope: t.scopes()}
	t.connMx.Lock()
	t.conns[qc] = c
	t.connMx.Unlock()
	return c, nil
}

var errClosed = errors.New("closed")

func (t *transport) removeConn(qc quicConn) {
	t.connMx.Lock()
	delete(t.conns, qc)
	t.connMx.Unlock()
}
