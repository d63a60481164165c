package fixed

import (
	"log"
	"sync"
)

// Server fans messages out to its sessions.
type Server struct {
	mu       sync.Mutex
	sessions map[string]*Session
	logf     func(format string, args ...any)
}

func NewServer() *Server {
	return &Server{sessions: map[string]*Session{}, logf: log.Printf}
}

func (s *Server) Join(id string) *Session {
	c := &Session{id: id, srv: s}
	s.mu.Lock()
	s.sessions[id] = c
	s.mu.Unlock()
	return c
}

// shape: server lock then each session's lock, through a method in another file
func (s *Server) Broadcast(msg string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logf("broadcast %q to %d sessions", msg, len(s.sessions))
	n := 0
	for _, sess := range s.sessions {
		if sess.Send(msg) {
			n++
		}
	}
	return n
}

func (s *Server) remove(c *Session) {
	s.mu.Lock()
	delete(s.sessions, c.id)
	s.mu.Unlock()
}
