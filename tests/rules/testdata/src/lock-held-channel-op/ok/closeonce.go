package ok

import (
	"sync"
	"sync/atomic"
)

// shape: a Close that leaves its own one-slot WaitGroup and then waits for it, under the lock
// every Close holds: the first Close leaves it inside its section, so a later one finds it
// empty and never waits on anyone.

type session struct {
	mu      sync.Mutex
	closing uint32
	closed  sync.WaitGroup
	outbox  chan string
}

func newSession() *session {
	s := &session{outbox: make(chan string, 1)}
	s.closed.Add(1)
	return s
}

// Close ends the session; calls after the first wait for it to be over.
func (s *session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if atomic.CompareAndSwapUint32(&s.closing, 0, 1) {
		close(s.outbox)
		s.closed.Done()
	}
	s.closed.Wait()
}
