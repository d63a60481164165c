package buggy

import "time"

// shape: a background goroutine method writes a status field without the lock its readers hold
func (s *Server) StartMonitor(check func() string, every time.Duration, stop <-chan struct{}) {
	go s.monitor(check, every, stop)
}

func (s *Server) monitor(check func() string, every time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.status = check() // want "shared-variable-race: race"
		select {
		case <-t.C:
		case <-stop:
			return
		}
	}
}

// Status is called by the health endpoint.
func (s *Server) Status() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// SetStatus is used by operators to force a state.
func (s *Server) SetStatus(v string) {
	s.mu.Lock()
	s.status = v
	s.mu.Unlock()
}
