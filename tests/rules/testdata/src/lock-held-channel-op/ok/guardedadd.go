package ok

import (
	"net"
	"sync"
)

// shape: each connection goroutine counts itself under connsMu, and Close holds connsMu around
// Wait: a goroutine Wait waits for is past its lock, and calls Done without it
type Proxy struct {
	connsMu sync.Mutex
	conns   sync.WaitGroup
	closing chan struct{}
}

func (p *Proxy) Serve(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go p.handle(conn)
	}
}

func (p *Proxy) handle(conn net.Conn) {
	p.connsMu.Lock()
	p.conns.Add(1) //goleash:ignore waitgroup-add-in-goroutine a late Add sees closing and returns
	p.connsMu.Unlock()
	defer p.conns.Done()
	defer conn.Close()
	select {
	case <-p.closing:
		return
	default:
	}
	_, _ = conn.Write([]byte("hello"))
}

func (p *Proxy) Close() {
	close(p.closing)
	p.connsMu.Lock()
	p.conns.Wait()
	p.connsMu.Unlock()
}
