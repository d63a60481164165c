package buggy

import (
	"net"
	"sync"
)

type rpcServer struct {
	mu      sync.Mutex
	methods map[string]func([]byte) []byte
	conns   chan net.Conn
}

func newRPCServer() *rpcServer {
	s := &rpcServer{methods: map[string]func([]byte) []byte{}, conns: make(chan net.Conn)}
	go s.dispatch()
	return s
}

// Register adds a method; plugins register theirs while the server runs.
func (s *rpcServer) Register(name string, fn func([]byte) []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.methods[name] = fn
}

func (s *rpcServer) dispatch() {
	for c := range s.conns {
		buf := make([]byte, 512)
		n, _ := c.Read(buf)
		if fn, ok := s.methods[string(buf[:n])]; ok { // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
			c.Write(fn(buf[:n]))
		}
		c.Close()
	}
}

func (s *rpcServer) Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		s.conns <- c
	}
}
