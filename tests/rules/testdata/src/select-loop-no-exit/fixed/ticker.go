package fixed

import (
	"sync"
	"time"
)

// SessionStore forgets idle sessions.
type SessionStore struct {
	mu       sync.Mutex
	sessions map[string]time.Time
	ticker   *time.Ticker
	done     chan struct{}
}

// shape: the janitor also waits on a done channel that Close closes
func NewSessionStore(idle time.Duration) *SessionStore {
	s := &SessionStore{sessions: map[string]time.Time{}, ticker: time.NewTicker(idle), done: make(chan struct{})}
	go s.janitor(idle)
	return s
}

func (s *SessionStore) janitor(idle time.Duration) {
	for {
		select {
		case <-s.done:
			return
		case now := <-s.ticker.C:
			s.mu.Lock()
			for id, seen := range s.sessions {
				if now.Sub(seen) > idle {
					delete(s.sessions, id)
				}
			}
			s.mu.Unlock()
		}
	}
}

// Close stops the ticker and ends the janitor.
func (s *SessionStore) Close() {
	s.ticker.Stop()
	close(s.done)
}

// shape: the stop func closes a channel the flusher selects on, next to the ticks
func StartFlusher(every time.Duration, flush func()) (stop func()) {
	t := time.NewTicker(every)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-t.C:
				flush()
			}
		}
	}()
	return func() {
		t.Stop()
		close(done)
	}
}
