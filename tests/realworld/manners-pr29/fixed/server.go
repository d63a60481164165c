package manners

import (
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// NewWithServer wraps an existing http.Server in a GracefulServer.
func NewWithServer(s *http.Server) *GracefulServer {
	return &GracefulServer{
		Server:   s,
		shutdown: make(chan bool),
		wg:       new(sync.WaitGroup),
	}
}

// A GracefulServer counts the requests it is handling; when it is told to
// shut down it stops accepting connections and returns from Serve once the
// in-flight requests are done.
type GracefulServer struct {
	*http.Server
	shutdown chan bool
	wg       *sync.WaitGroup
}

// Close stops the server from accepting new requests and begins shutting down.
// It returns true if it's the first time Close is called.
func (s *GracefulServer) Close() bool {
	return <-s.shutdown
}

// Serve is the graceful equivalent of net/http.Server.Serve.
func (s *GracefulServer) Serve(listener net.Listener) error {
	var closing int32

	go func() {
		s.shutdown <- true
		close(s.shutdown)
		atomic.StoreInt32(&closing, 1)
		s.Server.SetKeepAlivesEnabled(false)
		listener.Close()
	}()

	s.ConnState = func(conn net.Conn, newState http.ConnState) {
		switch newState {
		case http.StateActive:
			s.StartRoutine()
		case http.StateIdle:
			if atomic.LoadInt32(&closing) == 1 {
				conn.Close()
			}
			s.FinishRoutine()
		}
	}

	err := s.Server.Serve(listener)
	if atomic.LoadInt32(&closing) == 1 {
		s.wg.Wait()
		return nil
	}
	return err
}

// StartRoutine increments the server's WaitGroup.
func (s *GracefulServer) StartRoutine() {
	s.wg.Add(1)
}

// FinishRoutine decrements the server's WaitGroup.
func (s *GracefulServer) FinishRoutine() {
	s.wg.Done()
}

var (
	servers []*GracefulServer
	m       sync.Mutex
)

// ListenAndServe is the graceful version of net/http.ListenAndServe.
func ListenAndServe(addr string, handler http.Handler) error {
	server := NewWithServer(&http.Server{Addr: addr, Handler: handler})
	m.Lock()
	servers = append(servers, server)
	m.Unlock()

	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return server.Serve(listener)
}

// Close triggers a shutdown of all running graceful servers.
func Close() {
	m.Lock()
	for _, s := range servers {
		s.Close()
	}
	servers = nil
	m.Unlock()
}
