package buggy

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// shape: an HTTP handler method (registered in server.go) updates a field the other methods lock
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.uploads++
	s.mu.Unlock()
	s.lastUpload = time.Now() // want "shared-variable-race: race"
	fmt.Fprintf(w, "%d bytes\n", n)
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	n, last := s.Stats()
	fmt.Fprintf(w, "%d uploads, last at %s\n", n, last.Format(time.RFC3339))
}
