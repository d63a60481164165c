package fake

import (
	"net/http"
	"regexp"
	"sync"
)

// shape: a fake server's set-up call, which tests make before the requests it shapes; the
// handlers serve requests on their own goroutines
type Server struct {
	mu       sync.RWMutex
	failures map[string]string
	hits     int
}

// PrepareFailure makes requests whose path matches urlRegexp fail with id.
func (s *Server) PrepareFailure(id string, urlRegexp string) {
	s.failures[id] = urlRegexp
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for id, expr := range s.failures {
		if ok, _ := regexp.MatchString(expr, r.URL.Path); ok {
			http.Error(w, id, http.StatusBadRequest)
			return
		}
	}
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
}

func NewServer() *Server {
	s := &Server{failures: map[string]string{}}
	go http.ListenAndServe("127.0.0.1:0", s)
	return s
}
