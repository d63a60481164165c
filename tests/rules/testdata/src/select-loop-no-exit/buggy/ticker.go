package buggy

import (
	"sync"
	"time"
)

// SessionStore forgets idle sessions.
type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]time.Time
	ticker   *time.Ticker
}

// shape: a constructor starts a method that ranges over its ticker's channel, which never closes
func NewSessionStore(idle time.Duration) *SessionStore {
	s := &SessionStore{sessions: map[string]time.Time{}, ticker: time.NewTicker(idle)}
	go s.janitor(idle)
	return s
}

func (s *SessionStore) janitor(idle time.Duration) {
	for now := range s.ticker.C { // want "select-loop-no-exit: waits on `s.ticker.C` pass after pass"
		s.mu.Lock()
		for id, seen := range s.sessions {
			if now.Sub(seen) > idle {
				delete(s.sessions, id)
			}
		}
		s.mu.Unlock()
	}
}

// Close stops the ticker; the janitor goes on waiting.
func (s *SessionStore) Close() { s.ticker.Stop() }

// shape: a flusher receives from its ticker at the top of an endless loop, and the stop func it returns only stops the ticker
func StartFlusher(every time.Duration, flush func()) (stop func()) {
	t := time.NewTicker(every)
	go func() {
		for { // want "select-loop-no-exit: waits on `t.C`"
			<-t.C
			flush()
		}
	}()
	return func() { t.Stop() }
}
