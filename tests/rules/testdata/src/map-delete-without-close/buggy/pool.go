package buggy

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

// shape: connection pool forgets a net.Conn without closing it
func (p *Pool) Evict(addr string) {
	p.mu.Lock()
	delete(p.conns, addr) // want "map-delete-without-close: without closing"
	p.mu.Unlock()
}

var clients = map[string]*http.Client{}

// shape: package-level map of *http.Client entries removed without CloseIdleConnections
func forgetUpstream(name string) {
	delete(clients, name) // want "map-delete-without-close: without closing"
}

type Logs struct {
	open map[string]*os.File
}

// shape: *os.File values dropped from the map in a loop
func (l *Logs) Rotate(names []string) {
	for _, n := range names {
		delete(l.open, n) // want "map-delete-without-close: without closing"
	}
}
