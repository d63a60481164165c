package fixed

// shape: the iteration holds the same mutex as the writers (defer Unlock)
func (s *Server) CloseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}
