package fixed

import (
	"fmt"
	"net/http"
	"sync"
)

var (
	hitsMu sync.Mutex
	hits   = map[string]int{}
)

// shape: package-level mutex next to the package-level map
func hit(w http.ResponseWriter, r *http.Request) {
	hitsMu.Lock()
	hits[r.URL.Path]++
	hitsMu.Unlock()
	fmt.Fprintln(w, "ok")
}

type Server struct {
	mu    sync.Mutex
	store map[string]string
}

func (s *Server) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store[k]
}

// shape: the handler method takes the struct's mutex with defer Unlock
func (s *Server) handleSet(w http.ResponseWriter, r *http.Request) {
	k, v := r.FormValue("k"), r.FormValue("v")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store[k] = v
}

type seenHandler struct {
	mu   sync.Mutex
	seen map[string]bool
}

// shape: ServeHTTP locks a mutex added to the handler struct
func (h *seenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.seen[r.RemoteAddr] = true
	h.mu.Unlock()
}
