package fixed

import (
	"net/http"
	"sync"
	"time"
)

// Server keeps upload statistics; mu guards every field below it.
type Server struct {
	mu         sync.Mutex
	uploads    int
	lastUpload time.Time
	status     string
}

// Routes registers the handlers (implemented in server_handlers.go).
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/upload", s.handleUpload)
	mux.HandleFunc("/stats", s.handleStats)
}

// Stats is what the admin page shows.
func (s *Server) Stats() (int, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploads, s.lastUpload
}

// Forget clears the statistics.
func (s *Server) Forget() {
	s.mu.Lock()
	s.uploads = 0
	s.lastUpload = time.Time{}
	s.mu.Unlock()
}
