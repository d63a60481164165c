package fixed

import "time"

type session struct{ quitSent bool }

func (s *session) sendQuit() { s.quitSent = true }

func (s *session) Close() {
	done := make(chan struct{})
	go func() {
		s.sendQuit()
		close(done)
	}()
	select {
	case <-time.After(5 * time.Second):
	case <-done:
	}
}
