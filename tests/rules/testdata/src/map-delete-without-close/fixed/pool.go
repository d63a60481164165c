package fixed

import (
	"net"
	"net/http"
	"os"
	"sync"
)

type Pool struct {
	mu    sync.Mutex
	conns map[string]net.Conn
}

// shape: close the connection before forgetting it
func (p *Pool) Evict(addr string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.conns[addr]
	if !ok {
		return nil
	}
	delete(p.conns, addr)
	return c.Close()
}

var clients = map[string]*http.Client{}

// shape: release the client's idle connections before removing it
func forgetUpstream(name string) {
	if c, ok := clients[name]; ok {
		c.CloseIdleConnections()
	}
	delete(clients, name)
}

type Logs struct {
	open map[string]*os.File
}

func (l *Logs) Rotate(names []string) {
	for _, n := range names {
		if f, ok := l.open[n]; ok {
			f.Close()
		}
		delete(l.open, n)
	}
}
