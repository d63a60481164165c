package fixed

import (
	"net"
	"sync"
)

// Proxy counts each connection before its goroutine starts.
type Proxy struct {
	conns   sync.WaitGroup
	closing chan struct{}
}

func (p *Proxy) Serve(l net.Listener) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		p.conns.Add(1)
		go p.handle(conn)
	}
}

func (p *Proxy) handle(conn net.Conn) {
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
