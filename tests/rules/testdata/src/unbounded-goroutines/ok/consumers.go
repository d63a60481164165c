package ok

import "sync"

// shape: a fixed number of consumers started in a counted loop, each one unless the stream
// was already stopped: the loop's count bounds them, not the select.

type stream struct {
	mu        sync.RWMutex
	done      chan struct{}
	consumers int
}

func (s *stream) consume(items <-chan int) {
	for range items {
	}
}

// Start spins up the stream's consumers.
func (s *stream) Start(items <-chan int) {
	for i := 0; i < s.consumers; i++ {
		s.mu.RLock()
		select {
		case <-s.done:
		default:
			go s.consume(items)
		}
		s.mu.RUnlock()
	}
}
