package fixed

// RunTurn waits for turn id, runs fn, then passes the turn on.
func (s *Scheduler) RunTurn(id int, fn func()) {
	s.mu.Lock()
	s.awaitTurn(id)
	s.mu.Unlock()
	fn()
	s.mu.Lock()
	s.next++
	s.mu.Unlock()
	s.turn.Broadcast()
}
