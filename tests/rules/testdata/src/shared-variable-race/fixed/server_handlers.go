package fixed

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// shape: the handler method updates every guarded field under the lock
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	s.uploads++
	s.lastUpload = time.Now()
	s.mu.Unlock()
	fmt.Fprintf(w, "%d bytes\n", n)
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	n, last := s.Stats()
	fmt.Fprintf(w, "%d uploads, last at %s\n", n, last.Format(time.RFC3339))
}
