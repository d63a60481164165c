package buggy

import (
	"net/http"
	"sync"
)

// shape: session store check-then-act: Load misses, then Store (sessions.go declares the map)
func (s *SessionStore) Ensure(id string) {
	if _, ok := s.sessions.Load(id); !ok {
		s.sessions.Store(id, &Session{ID: id}) // want "syncmap-load-then-store: LoadOrStore"
	}
}

var hits sync.Map // path -> int

// shape: read-modify-write counter on a package-level sync.Map in a handler
func countHit(w http.ResponseWriter, r *http.Request) {
	v, _ := hits.Load(r.URL.Path)
	n, _ := v.(int)
	hits.Store(r.URL.Path, n+1) // want "syncmap-load-then-store: LoadOrStore"
}

type Service struct{ Name string }

// shape: *sync.Map parameter, nil check on the loaded value before storing
func register(reg *sync.Map, svc *Service) *Service {
	if v, _ := reg.Load(svc.Name); v == nil {
		reg.Store(svc.Name, svc) // want "syncmap-load-then-store: LoadOrStore"
		return svc
	}
	return nil
}
