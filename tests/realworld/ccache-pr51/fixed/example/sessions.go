// Package example keeps web sessions in a ccache: every request looks its
// session up and slides the session's expiry forward.
package example

import (
	"net/http"
	"time"

	ccache "example.com/ccache-pr51"
)

const sessionTTL = 30 * time.Minute

type Sessions struct {
	cache *ccache.Cache
}

func NewSessions() *Sessions {
	return &Sessions{cache: ccache.New(ccache.Configure().MaxSize(100000))}
}

func (s *Sessions) Create(id string, user string) {
	s.cache.Set(id, user, sessionTTL)
}

// ServeHTTP runs on a goroutine per request; two requests of one session
// Get and Extend the same item at once.
func (s *Sessions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("session")
	if err != nil {
		http.Error(w, "no session", http.StatusUnauthorized)
		return
	}
	item := s.cache.Get(c.Value)
	if item == nil || item.Expired() {
		http.Error(w, "session expired", http.StatusUnauthorized)
		return
	}
	item.Extend(sessionTTL)
	w.Write([]byte(item.Value().(string)))
}
