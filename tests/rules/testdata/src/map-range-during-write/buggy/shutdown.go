package buggy

// shape: a method in another file iterates the connection map without the lock the
// per-connection goroutines hold while they write it
func (s *Server) CloseAll() {
	for c := range s.conns { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
		c.Close()
	}
}
