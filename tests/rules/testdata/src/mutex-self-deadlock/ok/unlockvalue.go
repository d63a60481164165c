package ok

import (
	"net"
	"sync"
)

// Server serves until it is shut down.
type Server struct {
	lock    sync.RWMutex
	started bool
	ln      net.Listener
}

func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

func (s *Server) isStarted() bool {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.started
}

func (s *Server) serve(ln net.Listener) error {
	for s.isStarted() {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
	return nil
}

// shape: the lock is released through a function value a helper returned
func (s *Server) ListenAndServe(addr string) error {
	unlock := unlockOnce(&s.lock)
	s.lock.Lock()
	defer unlock()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln, s.started = ln, true
	unlock()
	return s.serve(ln)
}

// shape: the lock is released through a local closure
func (s *Server) Restart(addr string) error {
	s.lock.Lock()
	release := func() { s.lock.Unlock() }
	s.started = false
	release()
	return s.ListenAndServe(addr)
}
