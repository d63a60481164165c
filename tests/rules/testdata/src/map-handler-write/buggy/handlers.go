package buggy

import (
	"fmt"
	"net/http"
	"sync"
)

var hits = map[string]int{}

// shape: package-level map incremented by a plain handler function
func hit(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++ // want "map-handler-write: net/http runs each request on its own goroutine.*fatal error: concurrent map"
	fmt.Fprintln(w, "ok")
}

type Server struct {
	mu    sync.Mutex
	store map[string]string
}

// Get reads under the mutex; handleSet forgets it.
func (s *Server) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store[k]
}

// shape: handler method on the server struct writes a field map without s.mu
func (s *Server) handleSet(w http.ResponseWriter, r *http.Request) {
	s.store[r.FormValue("k")] = r.FormValue("v") // want "map-handler-write: net/http runs each request on its own goroutine.*fatal error: concurrent map"
}

type seenHandler struct {
	seen map[string]bool
}

// shape: ServeHTTP of an http.Handler writes a field map
func (h *seenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.seen[r.RemoteAddr] = true // want "map-handler-write: net/http runs each request on its own goroutine.*fatal error: concurrent map"
}
