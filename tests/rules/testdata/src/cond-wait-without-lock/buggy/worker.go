package buggy

// RunTurn waits for turn id, runs fn, then passes the turn on.
func (s *Scheduler) RunTurn(id int, fn func()) {
	s.awaitTurn(id)
	fn()
	s.mu.Lock()
	s.next++
	s.mu.Unlock()
	s.turn.Broadcast()
}
