package ok

import (
	"net/http"
	"sync"
)

// shape: a simulator's routes, kept in a table and registered through a HandleFunc that runs
// every handler under the simulator's lock
type simulator struct {
	sync.Mutex
	*http.ServeMux
	sessions map[string]string
	tags     map[string]string
}

const (
	sessionPath = "/session"
	tagPath     = "/tag"
)

func (s *simulator) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	s.ServeMux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.Lock()
		defer s.Unlock()
		handler(w, r)
	})
}

func NewSimulator() http.Handler {
	s := &simulator{ServeMux: http.NewServeMux(), sessions: map[string]string{}, tags: map[string]string{}}
	routes := []struct {
		p string
		m http.HandlerFunc
	}{
		{sessionPath, s.session},
		{tagPath, s.tag},
	}
	for i := range routes {
		h := routes[i]
		s.HandleFunc(h.p, h.m)
	}
	return s
}

func (s *simulator) session(w http.ResponseWriter, r *http.Request) {
	s.sessions[r.Header.Get("id")] = r.RemoteAddr
}

func (s *simulator) tag(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.sessions[r.Header.Get("id")]; !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.tags[r.URL.Query().Get("name")] = r.URL.Query().Get("value")
}
