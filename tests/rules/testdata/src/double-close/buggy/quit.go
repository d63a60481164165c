package buggy

import "time"

type session struct{ quitSent bool }

func (s *session) sendQuit() { s.quitSent = true }

// Close gives the quit five seconds; when they run out it closes `done` itself, and the
// goroutine, still in sendQuit, closes it again when the send ends.
func (s *session) Close() {
	done := make(chan struct{})
	go func() {
		s.sendQuit()
		close(done)
	}()
	select {
	case <-time.After(5 * time.Second):
		close(done) // want "double-close: panic: close of closed channel"
	case <-done:
	}
}
