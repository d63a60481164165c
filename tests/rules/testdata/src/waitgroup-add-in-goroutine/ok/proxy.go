package ok

import (
	"net"
	"sync"
)

// Proxy counts its connections from inside their goroutines, under the lock Close holds
// around its Wait: an Add comes before the Wait starts, or after it has returned, and then the
// connection sees the proxy closing and leaves.
type Proxy struct {
	connsMu sync.Mutex
	conns   sync.WaitGroup
	closing chan struct{}
}

func (p *Proxy) Serve(l net.Listener) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		go p.handle(conn)
	}
}

func (p *Proxy) handle(conn net.Conn) {
	p.connsMu.Lock()
	p.conns.Add(1)
	p.connsMu.Unlock()
	defer p.conns.Done()
	defer conn.Close()
	select {
	case <-p.closing:
		return
	default:
	}
	_, _ = conn.Write([]byte("hello\n"))
}

func (p *Proxy) Close() {
	close(p.closing)
	p.connsMu.Lock()
	p.conns.Wait()
	p.connsMu.Unlock()
}
