package fixed

import "sync"

type Server struct {
	wg sync.WaitGroup
}

// shape: a struct's WaitGroup, Add inside the goroutine, Wait in the same method
func (s *Server) Drain(conns []func()) {
	for _, c := range conns {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			c()
		}()
	}
	s.wg.Wait()
}
