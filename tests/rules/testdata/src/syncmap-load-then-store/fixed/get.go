package fixed

import (
	"net/http"
	"sync"
)

// shape: LoadOrStore checks and stores atomically
func (s *SessionStore) Ensure(id string) {
	s.sessions.LoadOrStore(id, &Session{ID: id})
}

var hits sync.Map // path -> *int64 counter

// shape: a CompareAndSwap loop for the read-modify-write
func countHit(w http.ResponseWriter, r *http.Request) {
	for {
		v, loaded := hits.LoadOrStore(r.URL.Path, 1)
		if !loaded {
			return
		}
		if hits.CompareAndSwap(r.URL.Path, v, v.(int)+1) {
			return
		}
	}
}

type Service struct{ Name string }

// shape: LoadOrStore reports whether this call stored the value
func register(reg *sync.Map, svc *Service) *Service {
	if _, loaded := reg.LoadOrStore(svc.Name, svc); !loaded {
		return svc
	}
	return nil
}
