package buggy

import "sync"

type Server struct {
	wg sync.WaitGroup
}

// shape: a struct's WaitGroup, Add inside the goroutine, Wait in the same method
func (s *Server) Drain(conns []func()) {
	for _, c := range conns {
		go func() {
			s.wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
			defer s.wg.Done()
			c()
		}()
	}
	s.wg.Wait()
}
