package e2e

import (
	"net"
	"sync"
)

// shape: an end-to-end test's packet router; a failed write panics the test binary, so no
// later Lock can meet the lock it leaves held
type Router struct {
	sync.Mutex
	conns map[string]net.Conn
}

func (r *Router) Route(to string, packet []byte) {
	r.Lock()
	c := r.conns[to]
	if _, err := c.Write(packet); err != nil {
		panic(err)
	}
	r.Unlock()
}
