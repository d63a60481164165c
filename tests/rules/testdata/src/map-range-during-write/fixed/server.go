package fixed

import (
	"net"
	"sync"
)

type Server struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (s *Server) Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go s.handle(c)
	}
}

func (s *Server) handle(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}
