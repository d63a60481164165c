package buggy

import (
	"net"
	"sync"
)

// Proxy counts its connections from inside their goroutines; Close waits without the lock the
// Adds take, so a connection can be counted after Close saw zero.
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
	p.conns.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
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
	p.conns.Wait()
}
